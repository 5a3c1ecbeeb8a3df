//! Typed indexes: a document's and an event's place in the dossier, and lists kept one entry
//! per document or per event. A document's id cannot index the events, nor the other way round.

use std::fmt;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut, Index, IndexMut};

use rayon::prelude::*;

/// An index into one kind of list.
pub trait Id: Copy {
    fn new(index: usize) -> Self;
    fn index(self) -> usize;
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        #[derive(serde::Serialize, serde::Deserialize)]
        pub struct $name(usize);

        impl $name {
            pub const fn new(index: usize) -> Self {
                $name(index)
            }

            pub const fn index(self) -> usize {
                self.0
            }
        }

        impl Id for $name {
            fn new(index: usize) -> Self {
                $name::new(index)
            }

            fn index(self) -> usize {
                $name::index(self)
            }
        }
    };
}

id_type!(
    /// A document's place in the dossier's documents: the home page first, then actors, notes
    /// and sources, each sorted by path.
    DocId
);
id_type!(
    /// An event's place in the dossier's events, sorted by date, then title.
    EventId
);

/// A list with one entry per document (or per event), indexed by their ids.
pub struct IdVec<I, T> {
    items: Vec<T>,
    id: PhantomData<fn(I) -> I>,
}

impl<I: Id, T> IdVec<I, T> {
    pub fn new() -> Self {
        IdVec::from(Vec::new())
    }

    pub fn with_capacity(capacity: usize) -> Self {
        IdVec::from(Vec::with_capacity(capacity))
    }

    /// Adds an entry at the end: its id.
    pub fn push(&mut self, item: T) -> I {
        self.items.push(item);
        I::new(self.items.len() - 1)
    }

    pub fn get(&self, id: I) -> Option<&T> {
        self.items.get(id.index())
    }

    /// Every id, in order.
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = I> + ExactSizeIterator + use<I, T> {
        (0..self.items.len()).map(I::new)
    }

    /// Every id, on all cores.
    pub fn par_ids(&self) -> impl IndexedParallelIterator<Item = I> + use<I, T>
    where
        I: Send,
    {
        (0..self.items.len()).into_par_iter().map(I::new)
    }

    /// Every entry with its id, in order.
    pub fn iter_with_ids(&self) -> impl DoubleEndedIterator<Item = (I, &T)> {
        self.items
            .iter()
            .enumerate()
            .map(|(i, item)| (I::new(i), item))
    }

    /// Every entry with its id, on all cores.
    pub fn par_iter_with_ids(&self) -> impl IndexedParallelIterator<Item = (I, &T)>
    where
        I: Send + Sync,
        T: Sync,
    {
        self.items
            .par_iter()
            .enumerate()
            .map(|(i, item)| (I::new(i), item))
    }

    /// The plain list, for what needs one (a parallel iterator, a sort).
    pub fn into_vec(self) -> Vec<T> {
        self.items
    }
}

impl<I: Id, T> Default for IdVec<I, T> {
    fn default() -> Self {
        IdVec::new()
    }
}

impl<I, T: Clone> Clone for IdVec<I, T> {
    fn clone(&self) -> Self {
        IdVec {
            items: self.items.clone(),
            id: PhantomData,
        }
    }
}

impl<I, T: fmt::Debug> fmt::Debug for IdVec<I, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.items.fmt(f)
    }
}

impl<I, T: PartialEq> PartialEq for IdVec<I, T> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl<I, T> From<Vec<T>> for IdVec<I, T> {
    fn from(items: Vec<T>) -> Self {
        IdVec {
            items,
            id: PhantomData,
        }
    }
}

impl<I, T> FromIterator<T> for IdVec<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> Self {
        IdVec::from(iter.into_iter().collect::<Vec<T>>())
    }
}

impl<I, T> IntoIterator for IdVec<I, T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, I, T> IntoIterator for &'a IdVec<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<'a, I, T> IntoIterator for &'a mut IdVec<I, T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter_mut()
    }
}

impl<I, T: Send> FromParallelIterator<T> for IdVec<I, T> {
    fn from_par_iter<It: IntoParallelIterator<Item = T>>(iter: It) -> Self {
        IdVec::from(Vec::from_par_iter(iter))
    }
}

impl<'a, I, T: Sync> IntoParallelIterator for &'a IdVec<I, T> {
    type Item = &'a T;
    type Iter = rayon::slice::Iter<'a, T>;
    fn into_par_iter(self) -> Self::Iter {
        self.items.par_iter()
    }
}

impl<I, T: Send> IntoParallelIterator for IdVec<I, T> {
    type Item = T;
    type Iter = rayon::vec::IntoIter<T>;
    fn into_par_iter(self) -> Self::Iter {
        self.items.into_par_iter()
    }
}

/// The entries as a slice: length, iteration, parallel iteration. Indexing by a plain number
/// is the slice's; by an id it is [`Index`] below.
impl<I, T> Deref for IdVec<I, T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<I, T> DerefMut for IdVec<I, T> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.items
    }
}

impl<I: Id, T> Index<I> for IdVec<I, T> {
    type Output = T;
    fn index(&self, id: I) -> &T {
        &self.items[id.index()]
    }
}

impl<I: Id, T> IndexMut<I> for IdVec<I, T> {
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.items[id.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_index_their_own_list() {
        let mut documents: IdVec<DocId, &str> = IdVec::new();
        let home = documents.push("home");
        let actor = documents.push("actor");
        assert_eq!((home.index(), actor.index()), (0, 1));
        assert_eq!(documents[actor], "actor");
        assert_eq!(documents.ids().collect::<Vec<_>>(), [home, actor]);
        let with_ids: Vec<(DocId, &&str)> = documents.iter_with_ids().collect();
        assert_eq!(with_ids, [(home, &"home"), (actor, &"actor")]);
        assert_eq!(documents.get(DocId::new(2)), None);
    }
}
