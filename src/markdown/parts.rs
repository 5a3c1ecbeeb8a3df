//! The parts of a compiled body that embeds show: a heading's section or a block with an id,
//! found by the slot markers the compiler left around them, before any slot is filled.

use std::ops::Range;

use super::{ParsedBody, SLOT_MARK, Slot};

impl ParsedBody {
    /// Where each slot's marker stands in [`ParsedBody::html`], by slot index.
    pub fn slot_positions(&self) -> Vec<Range<usize>> {
        let mut positions = vec![0..0; self.slots.len()];
        let mut from = 0;
        while let Some(start) = self.html[from..].find(SLOT_MARK).map(|i| from + i) {
            let Some(end) = self.html[start + 1..]
                .find(SLOT_MARK)
                .map(|i| start + 1 + i)
            else {
                break;
            };
            if let Some(position) = self.html[start + 1..end]
                .parse::<usize>()
                .ok()
                .and_then(|index| positions.get_mut(index))
            {
                *position = start..end + 1;
            }
            from = end + 1;
        }
        positions
    }

    /// The part of [`ParsedBody::html`] an anchor names: the section under a heading (by its
    /// id), from the heading to the next of the same or a higher level, or the block with a
    /// block id (`^id`). The whole body for no anchor, or one it does not have.
    pub fn part(&self, anchor: Option<&str>) -> Range<usize> {
        let whole = 0..self.html.len();
        let Some(anchor) = anchor else {
            return whole;
        };
        let positions = self.slot_positions();
        let find = |wanted: &Slot| {
            self.slots
                .iter()
                .position(|slot| slot == wanted)
                .map(|index| positions[index].clone())
        };
        if let Some(id) = anchor.strip_prefix('^') {
            let Some(block) = self.block_index(id) else {
                return whole;
            };
            return match (find(&Slot::BlockStart(block)), find(&Slot::BlockEnd(block))) {
                (Some(start), Some(end)) => start.start..end.end,
                _ => whole,
            };
        }
        let Some(heading) = self.headings.iter().position(|h| h.id == anchor) else {
            return whole;
        };
        let level = self.headings[heading].level;
        let next = self.headings[heading + 1..]
            .iter()
            .position(|h| h.level <= level)
            .map(|i| heading + 1 + i);
        let start = find(&Slot::SectionStart(heading)).map_or(0, |range| range.start);
        let end = next
            .and_then(|next| find(&Slot::SectionStart(next)))
            .map_or(self.html.len(), |range| range.start);
        start..end
    }

    /// The index of a block id in [`ParsedBody::block_ids`], its case ignored.
    pub fn block_index(&self, id: &str) -> Option<usize> {
        self.block_ids
            .iter()
            .position(|known| known.eq_ignore_ascii_case(id))
    }
}
