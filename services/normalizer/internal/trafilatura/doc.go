// Package trafilatura is a copy of github.com/markusmobius/go-trafilatura
// v1.12.2 (Apache License 2.0, see LICENSE; library code only), kept here
// because the normalizer needed switches the module does not offer and
// upstream has published no release since.
//
// Changes from v1.12.2, each behind an option whose zero value keeps
// upstream's behaviour (extract's output on the 1,033 trafilatura-eval
// pages is byte-identical to the module's):
//   - Options.FallbackBelow runs readability and DOM distiller only when the
//     first result is short, from the same metadata, cleaning and main
//     extraction, where a caller had to extract twice;
//   - Options.NoLanguage skips the whatlanggo classifier over the main text;
//   - Options.BasicMetadata skips the site name, category, tag and license
//     searches;
//   - fewer copies of the tree: ExtractDocument copies it once instead of
//     three times (the fallback and the baseline rescue copy the untouched
//     original only when they run); the fallback comparison, the DOM author
//     search and the image and teaser prunes of the main extraction no
//     longer copy a tree that is copied anyway or already private;
//   - the link-density tests count the length of an element's trimmed text
//     without building the text (trimmedTextLen, fuzzed against the
//     expression it replaces);
//   - the tree cleaning strips and removes its tag lists in one walk each
//     instead of one walk per tag (etree.StripTagSet, StripElementSet);
//   - the tree copies are made in two allocations (etree.Clone: one block of
//     nodes, one of attributes) instead of one per node and per attribute
//     list; the main extraction no longer keeps a copy of the cleaned tree
//     it never changes, and a pruning with a backup copies the untouched
//     input again only when the backup is returned;
//   - the paragraph-text test of the main extraction counts characters
//     instead of joining every paragraph's text (quadratic), the prune
//     backup test counts instead of building the text, and selector.Query
//     stops at its match instead of listing every element first;
//   - the DOM author search copies and prunes the tree only when some
//     element matches an author rule at all (selector.Any);
//   - trim is cleantext.Collapse, which returns text already collapsed
//     without allocating, and so is an element's class name
//     (etree.ClassName, in place of dom.ClassName's split and join), which
//     the selectors ask of every element they test;
//   - etree.Strip moves an element's children into its place instead of
//     copying them; the paragraph handler, whose walk goes on into the
//     stripped element's descendants, keeps upstream's copying strip
//     (etree.StripCopy) so that it still changes only the detached
//     originals;
//   - the logger is a variable initialiser instead of an init function.
package trafilatura
