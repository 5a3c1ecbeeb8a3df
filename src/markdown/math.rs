//! Math `$…$` and `$$…$$`, turned into MathML when the site is built: browsers draw MathML
//! themselves, so a page with formulas needs no JavaScript and no web font.

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};

/// A formula as MathML, or why its LaTeX cannot be read and where (a byte range in `latex`).
pub(super) fn to_mathml(latex: &str, block: bool) -> Result<String, (String, usize)> {
    let converter =
        LatexToMathML::new(MathCoreConfig::default()).map_err(|error| (format!("{error:?}"), 0))?;
    let display = if block {
        MathDisplay::Block
    } else {
        MathDisplay::Inline
    };
    converter
        .convert_with_local_state(latex, display)
        .map(|converted| converted.mathml)
        .map_err(|error| (error.error_message(), error.0.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latex_becomes_mathml() {
        let mathml = to_mathml(r"\frac{a}{b}", false).expect("valid LaTeX");
        assert!(mathml.starts_with("<math"), "{mathml}");
        assert!(mathml.contains("<mfrac>"), "{mathml}");
        let block = to_mathml("x^2", true).expect("valid LaTeX");
        assert!(block.contains("display=\"block\""), "{block}");
    }

    #[test]
    fn invalid_latex_says_why_and_where() {
        let (message, at) = to_mathml(r"a + \frac{b", false).expect_err("unclosed group");
        assert!(!message.is_empty());
        assert!(at <= 11, "{at}");
        assert!(to_mathml(r"\nosuchcommand", false).is_err());
    }
}
