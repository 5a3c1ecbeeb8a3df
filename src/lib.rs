//! `dossier`: a static site generator for investigative and analytical dossiers.
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod i18n;
pub mod keys;
pub mod link;
pub mod markdown;
pub mod model;
pub mod slug;
pub mod source;
pub mod yaml;
