//! The little of CBOR (RFC 8949) the index files use: unsigned and negative integers, text and
//! arrays of known length, each in its shortest form, as Pagefind's encoder writes them.

/// Appends CBOR items to a buffer.
#[derive(Debug, Default)]
pub struct Encoder {
    pub bytes: Vec<u8>,
}

impl Encoder {
    pub fn unsigned(&mut self, value: u64) -> &mut Self {
        self.head(0, value)
    }

    pub fn int(&mut self, value: i64) -> &mut Self {
        if value < 0 {
            // -1 - n is stored as n
            self.head(1, (-1 - value) as u64)
        } else {
            self.head(0, value as u64)
        }
    }

    pub fn text(&mut self, text: &str) -> &mut Self {
        self.head(3, text.len() as u64);
        self.bytes.extend_from_slice(text.as_bytes());
        self
    }

    /// The start of an array of `len` items (the items follow).
    pub fn array(&mut self, len: usize) -> &mut Self {
        self.head(4, len as u64)
    }

    fn head(&mut self, major: u8, value: u64) -> &mut Self {
        let major = major << 5;
        match value {
            0..=23 => self.bytes.push(major | value as u8),
            24..=0xff => self.bytes.extend_from_slice(&[major | 24, value as u8]),
            0x100..=0xffff => {
                self.bytes.push(major | 25);
                self.bytes.extend_from_slice(&(value as u16).to_be_bytes());
            }
            0x1_0000..=0xffff_ffff => {
                self.bytes.push(major | 26);
                self.bytes.extend_from_slice(&(value as u32).to_be_bytes());
            }
            _ => {
                self.bytes.push(major | 27);
                self.bytes.extend_from_slice(&value.to_be_bytes());
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_take_their_shortest_form() {
        let mut e = Encoder::default();
        e.array(3).unsigned(10).int(-1).text("ä");
        e.unsigned(500).int(-25).int(-500);
        assert_eq!(
            e.bytes,
            [
                0x83, 0x0a, 0x20, 0x62, 0xc3, 0xa4, 0x19, 0x01, 0xf4, 0x38, 0x18, 0x39, 0x01, 0xf3
            ]
        );
    }
}
