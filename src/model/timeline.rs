//! `content/timeline/*.yaml` → [`TimelineEvent`]s: lists of events, ids unique across files.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::fields::EventFields;
use super::{FrontMatterText, TimelineEvent};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::keys::{field_names, unknown_key};
use crate::markdown::{self, ParseOptions};
use crate::slug::slugify;
use crate::source::RawTimeline;
use crate::yaml::{self, Shape, YamlError};

/// Makes event ids unique across files and sorts the events by date, then title.
pub(super) fn finish_events(events: &mut [TimelineEvent]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    assign_ids(events, &mut diagnostics);
    events.sort_by(|a, b| (a.date, a.end, &a.title, &a.id).cmp(&(b.date, b.end, &b.title, &b.id)));
    diagnostics
}

/// The text of each list item and the file line it starts on.
fn item_chunks<'t>(text: &'t str, item_lines: &[usize]) -> Vec<(&'t str, usize)> {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    item_lines
        .iter()
        .enumerate()
        .map(|(i, &line)| {
            let start = line_starts.get(line - 1).copied().unwrap_or(text.len());
            let end = item_lines
                .get(i + 1)
                .and_then(|next| line_starts.get(next - 1).copied())
                .unwrap_or(text.len());
            (&text[start..end], line)
        })
        .collect()
}

/// The events of one timeline file, in the file's order.
pub(super) fn load_file(
    file: &RawTimeline,
    config: &Config,
) -> (Vec<TimelineEvent>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let events = load_events_of(file, config, &mut diagnostics);
    (events, diagnostics)
}

fn load_events_of(
    file: &RawTimeline,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<TimelineEvent> {
    let item_lines = yaml::list_item_lines(&file.text);
    let mut chunks = item_chunks(&file.text, &item_lines);
    // a list at the margin, after nothing but comments: what the whole file holds
    let read_by_item = chunks.first().is_some_and(|(first, first_line)| {
        first.starts_with('-')
            && file.text.lines().take(first_line - 1).all(|line| {
                let line = line.trim();
                line.is_empty() || line.starts_with('#') || line == "---"
            })
    });
    // a long timeline is one file: its events are read each on its own, in parallel; the whole
    // file is read at once when that does not work out (an alias of another event's anchor, a
    // broken item), for the same events or errors that say where
    let parsed_items: Option<Vec<yaml::Parsed>> = chunks
        .par_iter()
        .filter(|_| read_by_item)
        .map(|(text, _)| yaml::parse(text).ok())
        .map(|parsed| {
            parsed.filter(|p| matches!(p.shape(), Shape::List(items) if items.len() == 1))
        })
        .collect();
    let parsed = match parsed_items {
        Some(items) if !items.is_empty() => Timeline::ByItem(items),
        _ => match yaml::parse(&file.text) {
            Ok(parsed) => Timeline::Whole(parsed),
            Err(error) => {
                diagnostics.push(yaml_problem(file, error, 1));
                return Vec::new();
            }
        },
    };
    let items = match parsed.shape() {
        Shape::List(items) => items,
        Shape::Empty => {
            diagnostics.push(Diagnostic::warning("the timeline file is empty").in_file(&file.file));
            return Vec::new();
        }
        _ => {
            diagnostics.push(
                Diagnostic::error("a timeline file must be a YAML list of events")
                    .in_file(&file.file)
                    .at(1, 1)
                    .with_hint(
                        "start each event with `- date: 2022-06-17` and indent its other keys",
                    ),
            );
            return Vec::new();
        }
    };
    if item_lines.len() != items.len() {
        chunks.clear();
    }
    // items with an error of their keys: reported here, not again when read as events
    let flagged = check_item_keys(file, &items, &chunks, config, diagnostics);
    let key_errors = flagged.contains(&true);
    let fields: Vec<EventFields> = match parsed.typed() {
        // unknown keys are reported above, with any wrong values of the other events below
        Ok(_) if key_errors => return Vec::new(),
        Ok(fields) => fields,
        Err(error) if chunks.is_empty() => {
            if !key_errors {
                diagnostics.push(yaml_problem(file, error, 1));
            }
            return Vec::new();
        }
        Err(_) => {
            // parse item by item to report every broken event, each at its own line
            for ((text, first_line), _) in chunks.iter().zip(&flagged).filter(|(_, f)| !**f) {
                if let Err(error) = yaml::from_str::<Vec<EventFields>>(text) {
                    diagnostics.push(yaml_problem(file, error, *first_line));
                }
            }
            return Vec::new();
        }
    };

    make_events(file, fields, &chunks, config, diagnostics)
}

/// The events of the timeline's items, read in parallel; the problems of each at its line.
fn make_events(
    file: &RawTimeline,
    fields: Vec<EventFields>,
    chunks: &[(&str, usize)],
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<TimelineEvent> {
    let inline = ParseOptions {
        title_from_heading: false,
        inline: true,
        plain_beginning: false,
        language: config.language,
    };
    let made: Vec<Result<TimelineEvent, Diagnostic>> = fields
        .into_par_iter()
        .enumerate()
        .map(|(index, event)| make_event(file, chunks.get(index), event, inline))
        .collect();
    let mut events = Vec::with_capacity(made.len());
    for event in made {
        match event {
            Ok(event) => events.push(event),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    events
}

/// A YAML error of the timeline file, at its line (`first_line`: where the text read starts).
fn yaml_problem(file: &RawTimeline, error: YamlError, first_line: usize) -> Diagnostic {
    let missing = error
        .message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'));
    let diagnostic = match missing {
        Some(key) => Diagnostic::error(format!("the event has no `{key}`"))
            .with_hint("every event needs a `date:` (2022, 2022-06 or 2022-06-17) and a `title:`"),
        None => Diagnostic::error(format!("invalid timeline YAML: {}", error.message)),
    };
    diagnostic
        .in_file(&file.file)
        .at(first_line + error.line.max(1) - 1, error.column)
}

/// Reports items that are not maps and keys no event has: per item, whether it had an error.
fn check_item_keys(
    file: &RawTimeline,
    items: &[Option<Vec<String>>],
    chunks: &[(&str, usize)],
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<bool> {
    let line_of_item = |index: usize| chunks.get(index).map_or(0, |(_, line)| *line);
    let mut flagged = vec![false; items.len()];
    for (index, keys) in items.iter().enumerate() {
        let Some(keys) = keys else {
            diagnostics.push(
                Diagnostic::error("this timeline item is not an event (a map of keys)")
                    .in_file(&file.file)
                    .at(line_of_item(index), 1)
                    .with_hint("write `- date: …` followed by `  title: …` on the next line"),
            );
            flagged[index] = true;
            continue;
        };
        let known = field_names::<EventFields>();
        for key in keys.iter().filter(|k| !known.contains(&k.as_str())) {
            let (message, hint) = unknown_key(key, known, "timeline event");
            if let Some(diagnostic) = config.unknown_keys.diagnostic(message) {
                flagged[index] |= diagnostic.is_error();
                let line = chunks
                    .get(index)
                    .and_then(|(text, first)| yaml::locate(text, key, None).map(|l| first + l - 1))
                    .unwrap_or(line_of_item(index));
                diagnostics.push(diagnostic.in_file(&file.file).at(line, 1).with_hint(hint));
            }
        }
    }
    flagged
}

/// A timeline file read whole, or item by item.
enum Timeline<'t> {
    Whole(yaml::Parsed<'t>),
    ByItem(Vec<yaml::Parsed<'t>>),
}

impl Timeline<'_> {
    fn shape(&self) -> Shape {
        match self {
            Timeline::Whole(parsed) => parsed.shape(),
            Timeline::ByItem(items) => Shape::List(
                items
                    .iter()
                    .flat_map(|item| match item.shape() {
                        Shape::List(keys) => keys,
                        _ => Vec::new(),
                    })
                    .collect(),
            ),
        }
    }

    fn typed(self) -> Result<Vec<EventFields>, YamlError> {
        match self {
            Timeline::Whole(parsed) => parsed.typed(),
            Timeline::ByItem(items) => {
                let typed: Result<Vec<Vec<EventFields>>, YamlError> =
                    items.into_par_iter().map(yaml::Parsed::typed).collect();
                Ok(typed?.into_iter().flatten().collect())
            }
        }
    }
}

/// One event of a file, from its fields and its item's text and first line.
fn make_event(
    file: &RawTimeline,
    chunk: Option<&(&str, usize)>,
    event: EventFields,
    inline: ParseOptions,
) -> Result<TimelineEvent, Diagnostic> {
    let yaml = chunk
        .map(|(text, line)| FrontMatterText {
            text: (*text).to_owned(),
            first_line: *line,
        })
        .unwrap_or(FrontMatterText {
            text: String::new(),
            first_line: 1,
        });
    if let Some(end) = event.end
        && end < event.date
    {
        return Err(Diagnostic::error(format!(
            "the event ends ({end}) before it begins ({})",
            event.date
        ))
        .in_file(&file.file)
        .at(yaml.line_of("end", None), 1)
        .with_hint("`end` must not be before `date`; swap them or correct the date"));
    }
    if event.title.trim().is_empty() {
        return Err(Diagnostic::error("the event has an empty title")
            .in_file(&file.file)
            .at(yaml.line_of("title", None), 1));
    }
    Ok(TimelineEvent {
        id: event.id.unwrap_or_default(),
        date: event.date,
        end: event.end,
        summary: event.summary.as_deref().map(|s| markdown::parse(s, inline)),
        title: event.title,
        actors: event.actors,
        sources: event.sources,
        tags: event.tags,
        place: event.place,
        extra: event.extra,
        file: file.file.clone(),
        yaml,
    })
}

/// Explicit ids must be unique; missing ones are derived from date and title, made unique.
fn assign_ids(events: &mut [TimelineEvent], diagnostics: &mut Vec<Diagnostic>) {
    let mut explicit: BTreeMap<String, usize> = BTreeMap::new();
    for (index, event) in events.iter_mut().enumerate() {
        if event.id.is_empty() {
            continue;
        }
        let id = slugify(&event.id);
        if id != event.id {
            diagnostics.push(
                Diagnostic::warning(format!("event id `{}` is used as `{id}`", event.id))
                    .in_file(&event.file)
                    .at(event.yaml.line_of("id", None), 1)
                    .with_hint(format!(
                        "write `id: {id}` so links and anchors match what you see"
                    )),
            );
            event.id = id.clone();
        }
        explicit.entry(id).or_insert(index);
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for index in 0..events.len() {
        let event = &events[index];
        if event.id.is_empty() {
            continue;
        }
        if let Some(&first) = seen.get(&event.id) {
            let other = &events[first];
            let other_place = format!(
                "{}:{}",
                other.file.display(),
                other.yaml.line_of("id", None)
            );
            diagnostics.push(
                Diagnostic::error(format!(
                    "duplicate event id `{}` (also at {other_place})",
                    event.id
                ))
                .in_file(&event.file)
                .at(event.yaml.line_of("id", None), 1)
                .with_hint("event ids are unique across all timeline files; rename one"),
            );
        } else {
            seen.insert(event.id.clone(), index);
        }
    }
    for event in events.iter_mut().filter(|e| e.id.is_empty()) {
        let base = slugify(&format!("{} {}", event.date.iso(), event.title));
        let mut id = base.clone();
        let mut counter = 2;
        while seen.contains_key(&id) {
            id = format!("{base}-{counter}");
            counter += 1;
        }
        seen.insert(id.clone(), 0);
        event.id = id;
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::config::Overrides;

    fn load(text: &str) -> (Vec<TimelineEvent>, Vec<Diagnostic>) {
        let config = Config::parse(
            Path::new("/d"),
            "title = \"T\"\nbase_url = \"https://example.org/\"\n",
            &Overrides::default(),
        )
        .expect("config");
        let file = RawTimeline {
            file: PathBuf::from("content/timeline/t.yaml"),
            text: text.to_owned(),
        };
        load_file(&file, &config)
    }

    fn titles(events: &[TimelineEvent]) -> Vec<(&str, usize)> {
        events
            .iter()
            .map(|e| (e.title.as_str(), e.yaml.first_line))
            .collect()
    }

    #[test]
    fn events_read_one_by_one_are_the_events_of_the_whole_file() {
        let (events, problems) = load(
            "# Chronik\n---\n- date: 2022-06-17\n  title: Eins\n  summary: |\n    - kein Punkt\n\n\
             # dazwischen\n- {date: 2023, title: Zwei}\n- date: 2024-01\n  title: Drei\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(titles(&events), [("Eins", 3), ("Zwei", 9), ("Drei", 10)]);
        let summary = events[0].summary.as_ref().map(|s| s.plain_text.as_str());
        assert!(
            summary.is_some_and(|s| s.contains("kein Punkt")),
            "{summary:?}"
        );
    }

    #[test]
    fn an_alias_of_another_events_anchor_is_read_with_the_whole_file() {
        let (events, problems) = load(
            "- date: 2022\n  title: Eins\n  tags: &gemeinsam [a, b]\n\
             - date: 2023\n  title: Zwei\n  tags: *gemeinsam\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(events[1].tags, ["a", "b"]);
        assert_eq!(titles(&events), [("Eins", 1), ("Zwei", 4)]);
    }

    #[test]
    fn a_list_under_a_key_is_not_a_timeline() {
        let (events, problems) = load("events:\n  - date: 2022\n    title: Eins\n");
        assert!(events.is_empty());
        assert!(
            problems[0].to_string().contains("must be a YAML list"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_broken_item_is_reported_where_it_breaks() {
        let (events, problems) = load(
            "- date: 2022\n  title: Eins\n- date: 2023\n  title: [Zwei\n- date: 2024\n  title: Drei\n",
        );
        assert!(events.is_empty());
        assert!(
            matches!(problems[..], [ref only] if only.line == 5),
            "{problems:?}"
        );
    }
}
