// Package eval measures the story stage against the public suites: story
// clustering on ECB+ (B-cubed F1, beside a title-word baseline) and
// near-copy detection on ECB+'s silver copy pairs and on a syndication
// suite built at run time from the news-sample texts.
package eval
