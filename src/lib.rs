//! `dossier`: a static site generator for investigative and analytical dossiers.
//!
//! A build runs through stages, each a module, in one direction:
//! [`config`] → [`source`] → [`model`] → [`link`] → [`render`] → [`output`], driven by [`build`].

pub mod build;
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod i18n;
pub mod ids;
pub mod keys;
pub mod link;
pub mod markdown;
pub mod model;
pub mod online;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod slug;
pub mod source;
pub mod yaml;

pub use build::{BuildFailure, BuildOptions, BuildSummary, build, check};
pub use config::Overrides;
pub use diagnostic::{Diagnostic, Severity};
