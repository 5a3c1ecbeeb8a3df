//! How Pagefind writes an index file: its bytes gzipped behind the `pagefind_dcd` signature,
//! and named by the SHA-1 of the bytes, spelled as Pagefind spells it.

use std::cell::RefCell;

use flate2::{Compress, Compression, FlushCompress, Status};
use sha1::{Digest, Sha1};

const SIGNATURE: &[u8] = b"pagefind_dcd";

/// The SHA-1 of `bytes` in hexadecimal as Pagefind writes it: each byte without a leading zero.
pub fn sha1_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut hex = String::with_capacity(40);
    for byte in Sha1::digest(bytes) {
        let _ = write!(hex, "{byte:x}");
    }
    hex
}

/// The gzip level: deflate's quick one (Pagefind: 9, which took most of the index's time for
/// files some per cent smaller).
const LEVEL: u32 = 1;

thread_local! {
    /// One compressor per thread, reset for each file: setting one up costs more than
    /// compressing a page's fragment.
    static COMPRESSOR: RefCell<Compress> = RefCell::new(Compress::new_gzip(Compression::new(LEVEL), 15));
}

/// Gzip behind Pagefind's signature, which its web code checks before it reads a file.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut input = Vec::with_capacity(SIGNATURE.len() + bytes.len());
    input.extend_from_slice(SIGNATURE);
    input.extend_from_slice(bytes);
    COMPRESSOR.with(|compressor| {
        let mut compressor = compressor.borrow_mut();
        compressor.reset();
        // deflate's worst case is a few bytes per 16 KiB block over the input
        let mut out = Vec::with_capacity(input.len() + input.len() / 1000 + 64);
        loop {
            let read = compressor.total_in() as usize;
            let status = compressor.compress_vec(&input[read..], &mut out, FlushCompress::Finish);
            match status {
                Ok(Status::StreamEnd) | Err(_) => break,
                Ok(_) => out.reserve(out.capacity().max(64)),
            }
        }
        out
    })
}
