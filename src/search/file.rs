//! How Pagefind writes an index file: its bytes gzipped behind the `pagefind_dcd` signature,
//! and named by the SHA-1 of the bytes, spelled as Pagefind spells it.

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;
use sha1::{Digest, Sha1};

/// The SHA-1 of `bytes` in hexadecimal as Pagefind writes it: each byte without a leading zero.
pub fn sha1_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut hex = String::with_capacity(40);
    for byte in Sha1::digest(bytes) {
        let _ = write!(hex, "{byte:x}");
    }
    hex
}

/// Gzip behind Pagefind's signature, which its web code checks before it reads a file. At level
/// 3 (Pagefind: 9): the files are small, and level 9 took most of the index's time for files a
/// few per cent smaller.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3 + 64),
        Compression::new(3),
    );
    // writing to a Vec does not fail
    let _ = gz.write_all(b"pagefind_dcd");
    let _ = gz.write_all(bytes);
    gz.finish().unwrap_or_default()
}
