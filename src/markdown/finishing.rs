//! The compiled HTML finished: table alignment as classes, embeds alone in a paragraph as
//! blocks of their own, a one-paragraph text without its `<p>`.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Media, Slot, slot_index};

/// Table cell alignment as classes instead of the `style` attributes pulldown-cmark writes,
/// which a Content-Security-Policy without `'unsafe-inline'` styles refuses.
pub(super) fn alignment_classes(html: &str) -> String {
    html.replace(" style=\"text-align: left\"", " class=\"align-left\"")
        .replace(" style=\"text-align: center\"", " class=\"align-center\"")
        .replace(" style=\"text-align: right\"", " class=\"align-right\"")
}

/// A note embed or a PDF alone in its paragraph becomes a block of its own (an `<aside>` or a
/// `<figure>` may not sit in `<p>`).
pub(super) fn unwrap_lone_embeds(events: &mut Vec<Event>, slots: &[Slot]) {
    let is_embed = |event: &Event| match event {
        Event::InlineHtml(html) => slot_index(html).is_some_and(|i| {
            matches!(
                slots.get(i),
                Some(
                    Slot::NoteEmbed(_)
                        | Slot::Media {
                            media: Media::Pdf,
                            ..
                        }
                )
            )
        }),
        _ => false,
    };
    let mut i = 0;
    while i + 2 < events.len() {
        if matches!(events[i], Event::Start(Tag::Paragraph))
            && is_embed(&events[i + 1])
            && matches!(events[i + 2], Event::End(TagEnd::Paragraph))
        {
            let embed = std::mem::replace(&mut events[i + 1], Event::SoftBreak);
            events.splice(i..i + 3, [Event::Html(CowStr::from(embed_html(embed)))]);
        }
        i += 1;
    }
}

fn embed_html(event: Event) -> String {
    match event {
        Event::InlineHtml(html) => format!("{html}\n"),
        _ => String::new(),
    }
}

pub(super) fn strip_single_paragraph(html: String) -> String {
    let trimmed = html.trim_end();
    if let Some(inner) = trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        && !inner.contains("<p>")
    {
        return inner.to_owned();
    }
    html
}
