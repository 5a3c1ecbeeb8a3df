//! A page's words in a compact form, so that the records of 10,000 pages, held until the
//! index is written, take a few MiB rather than hundreds: per word its text, then its plain
//! locations (if any) and its variants, with counts and numbers as LEB128 varints (signed ones
//! zigzag-encoded). Written by `record`, read back by `merge`.

/// One word on one page: where it is (as Pagefind packs positions) in the text and in the
/// meta, and where its forms with diacritics are.
#[derive(Debug, Clone, PartialEq)]
pub struct PageWord {
    pub word: String,
    pub plain: Option<Locations>,
    pub variants: Vec<(String, Locations)>,
}

/// Positions in the text (delta-encoded, a negative number switches the weight) and in the
/// meta fields (a negative number switches the field).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Locations {
    pub locs: Vec<i32>,
    pub meta_locs: Vec<i32>,
}

/// Appends `words` to `out`.
pub fn write_words(words: &[PageWord], out: &mut Vec<u8>) {
    unsigned(out, words.len() as u64);
    for word in words {
        text(out, &word.word);
        match &word.plain {
            Some(plain) => {
                out.push(1);
                locations(out, plain);
            }
            None => out.push(0),
        }
        unsigned(out, word.variants.len() as u64);
        for (form, variant) in &word.variants {
            text(out, form);
            locations(out, variant);
        }
    }
}

/// One word on one page, read from the packed bytes without copying them: its locations stay
/// packed until the index is written ([`PackedLocations::unpack`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PageWordRef<'a> {
    pub word: &'a str,
    pub plain: Option<PackedLocations<'a>>,
    pub variants: Vec<(&'a str, PackedLocations<'a>)>,
}

/// The [`Locations`] of a word, still packed, and how many numbers they hold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PackedLocations<'a> {
    bytes: &'a [u8],
    pub count: usize,
}

/// What [`PackedLocations::visit`] hands over, in order: the length of the locations, each
/// location, the length of the meta locations, each meta location.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visit {
    Locs(usize),
    Loc(i32),
    MetaLocs(usize),
    MetaLoc(i32),
}

impl PackedLocations<'_> {
    pub fn unpack(&self) -> Locations {
        let mut reader = Reader {
            bytes: self.bytes,
            at: 0,
        };
        reader.locations().unwrap_or_default()
    }

    /// Hands `each` the locations as [`PackedLocations::unpack`] gives them, number by number,
    /// without making lists of them.
    pub fn visit(&self, mut each: impl FnMut(Visit)) {
        let mut reader = Reader {
            bytes: self.bytes,
            at: 0,
        };
        let mut list = |length: fn(usize) -> Visit, number: fn(i32) -> Visit| -> Option<()> {
            let len = usize::try_from(reader.unsigned()?).ok()?;
            each(length(len));
            for _ in 0..len {
                each(number(reader.signed()?));
            }
            Some(())
        };
        let _ = list(Visit::Locs, Visit::Loc).and_then(|()| list(Visit::MetaLocs, Visit::MetaLoc));
    }
}

/// The words written by `write_words`, unpacked; `None` if the bytes are not such a list.
#[cfg(test)]
pub fn read_words(bytes: &[u8]) -> Option<Vec<PageWord>> {
    let words = read_word_refs(bytes)?;
    let words = words.into_iter().map(|word| PageWord {
        word: word.word.to_owned(),
        plain: word.plain.map(|plain| plain.unpack()),
        variants: (word.variants.into_iter())
            .map(|(form, locations)| (form.to_owned(), locations.unpack()))
            .collect(),
    });
    Some(words.collect())
}

/// The words written by `write_words`, borrowed from `bytes`; `None` if the bytes are not such
/// a list.
pub fn read_word_refs(bytes: &[u8]) -> Option<Vec<PageWordRef<'_>>> {
    let mut reader = Reader { bytes, at: 0 };
    let count = reader.unsigned()?;
    let mut words = Vec::with_capacity(count.min(1 << 16) as usize);
    for _ in 0..count {
        let word = reader.text()?;
        let plain = match reader.byte()? {
            0 => None,
            1 => Some(reader.packed_locations()?),
            _ => return None,
        };
        let variants = (0..reader.unsigned()?)
            .map(|_| Some((reader.text()?, reader.packed_locations()?)))
            .collect::<Option<Vec<_>>>()?;
        words.push(PageWordRef {
            word,
            plain,
            variants,
        });
    }
    (reader.at == bytes.len()).then_some(words)
}

fn unsigned(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn signed(out: &mut Vec<u8>, value: i32) {
    unsigned(out, u64::from(((value << 1) ^ (value >> 31)) as u32));
}

fn text(out: &mut Vec<u8>, text: &str) {
    unsigned(out, text.len() as u64);
    out.extend_from_slice(text.as_bytes());
}

fn locations(out: &mut Vec<u8>, locations: &Locations) {
    for list in [&locations.locs, &locations.meta_locs] {
        unsigned(out, list.len() as u64);
        for &value in list {
            signed(out, value);
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Option<u8> {
        let byte = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(byte)
    }

    fn unsigned(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    fn signed(&mut self) -> Option<i32> {
        let zigzag = u32::try_from(self.unsigned()?).ok()?;
        Some(((zigzag >> 1) as i32) ^ -((zigzag & 1) as i32))
    }

    fn text(&mut self) -> Option<&'a str> {
        let len = usize::try_from(self.unsigned()?).ok()?;
        let end = self.at.checked_add(len)?;
        let text = std::str::from_utf8(self.bytes.get(self.at..end)?).ok()?;
        self.at = end;
        Some(text)
    }

    fn list(&mut self) -> Option<Vec<i32>> {
        let len = self.unsigned()?;
        let mut list = Vec::with_capacity(len.min(1 << 16) as usize);
        for _ in 0..len {
            list.push(self.signed()?);
        }
        Some(list)
    }

    /// Passes over a list, checking each number: its length.
    fn skip_list(&mut self) -> Option<usize> {
        let len = usize::try_from(self.unsigned()?).ok()?;
        for _ in 0..len {
            self.signed()?;
        }
        Some(len)
    }

    fn locations(&mut self) -> Option<Locations> {
        Some(Locations {
            locs: self.list()?,
            meta_locs: self.list()?,
        })
    }

    fn packed_locations(&mut self) -> Option<PackedLocations<'a>> {
        let start = self.at;
        let count = self.skip_list()? + self.skip_list()?;
        Some(PackedLocations {
            bytes: &self.bytes[start..self.at],
            count,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_read_back_as_written_and_damage_is_noticed() {
        let words = vec![
            PageWord {
                word: "prasident".into(),
                plain: Some(Locations {
                    locs: vec![-25, 0, 3, 300_000, i32::MIN, i32::MAX],
                    meta_locs: vec![-1, 0],
                }),
                variants: vec![(
                    "präsident".into(),
                    Locations {
                        locs: vec![-49, 7],
                        meta_locs: Vec::new(),
                    },
                )],
            },
            PageWord {
                word: "2022".into(),
                plain: None,
                variants: Vec::new(),
            },
        ];
        let mut bytes = Vec::new();
        write_words(&words, &mut bytes);
        assert_eq!(read_words(&bytes), Some(words.clone()));
        let refs = read_word_refs(&bytes).expect("words");
        assert_eq!(refs[0].word, "prasident");
        assert_eq!(
            refs[0].plain.map(|p| (p.count, p.unpack())),
            Some((8, words[0].plain.clone().expect("plain")))
        );
        assert_eq!(refs[0].variants[0].0, "präsident");
        let mut visited = Vec::new();
        refs[0].variants[0].1.visit(|item| visited.push(item));
        assert_eq!(
            visited,
            [
                Visit::Locs(2),
                Visit::Loc(-49),
                Visit::Loc(7),
                Visit::MetaLocs(0)
            ]
        );
        assert_eq!(refs[1].plain, None);
        assert_eq!(read_words(&bytes[..bytes.len() - 1]), None);
        bytes.push(0);
        assert_eq!(read_words(&bytes), None);
    }
}
