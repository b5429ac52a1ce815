// This file is part of go-trafilatura, Go package for extracting readable
// content, comments and metadata from a web page. Source available in
// <https://github.com/markusmobius/go-trafilatura>.
//
// Copyright (C) 2021 Markus Mobius
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
// http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

package trafilatura

import (
	"mime"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-shiori/dom"
	"golang.org/x/net/html"

	"github.com/newswire/newswire/services/normalizer/internal/cleantext"
)

// trim removes unnecessary spaces within a text string.
func trim(s string) string {
	// newswire: upstream joined strings.Fields and trimmed the result,
	// allocating for every string; cleantext.Collapse is the same without
	// allocating for text that is already trimmed.
	return cleantext.Collapse(s)
}

// trimmedTextLen is utf8.RuneCountInString(trim(dom.TextContent(n))),
// counted without building either string (newswire: the link-density tests
// asked it of every div, list and paragraph, nested ones again and again).
// Text that is not valid UTF-8, whose bytes may join across nodes, takes
// the slow way.
func trimmedTextLen(n *html.Node) int {
	words, runes, inWord, invalid := 0, 0, false, false
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			s := n.Data
			for i := 0; i < len(s); {
				r, size := rune(s[i]), 1
				if r >= utf8.RuneSelf {
					r, size = utf8.DecodeRuneInString(s[i:])
					invalid = invalid || size == 1
				}
				i += size
				if unicode.IsSpace(r) {
					inWord = false
					continue
				}
				if !inWord {
					words, inWord = words+1, true
				}
				runes++
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	if invalid {
		return utf8.RuneCountInString(trim(dom.TextContent(n)))
	}
	if words == 0 {
		return 0
	}
	return runes + words - 1
}

func strWordCount(s string) int {
	return len(strings.Fields(s))
}

func strOr(args ...string) string {
	for i := 0; i < len(args); i++ {
		if args[i] != "" {
			return args[i]
		}
	}
	return ""
}

func strIn(s string, args ...string) bool {
	for i := 0; i < len(args); i++ {
		if args[i] == s {
			return true
		}
	}
	return false
}

func isImageFile(imageSrc string) bool {
	if imageSrc == "" {
		return false
	}

	ext := filepath.Ext(imageSrc)
	mimeType := mime.TypeByExtension(ext)
	return strings.HasPrefix(mimeType, "image")
}

func uniquifyLists(currents ...string) []string {
	var finalTags []string
	tracker := map[string]struct{}{}

	for _, current := range currents {
		separator := ","
		if strings.Count(current, ";") > strings.Count(current, ",") {
			separator = ";"
		}

		for _, entry := range strings.Split(current, separator) {
			entry = trim(entry)
			entry = strings.ReplaceAll(entry, `"`, "")
			entry = strings.ReplaceAll(entry, `'`, "")

			if _, tracked := tracker[entry]; entry != "" && !tracked {
				finalTags = append(finalTags, entry)
				tracker[entry] = struct{}{}
			}
		}
	}

	return finalTags
}

// hasParagraphText reports what upstream's extractContent asked by joining
// the text of every <p> of doc: whether that text is non-empty and at least
// min characters long (newswire). It counts instead of joining and stops at
// min; text that is not valid UTF-8, whose bytes may join across nodes,
// takes the old way.
func hasParagraphText(doc *html.Node, min int) bool {
	paragraphs := dom.GetElementsByTagName(doc, "p")
	bytes, runes, invalid := 0, 0, false
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			bytes += len(n.Data)
			runes += utf8.RuneCountInString(n.Data)
			invalid = invalid || !utf8.ValidString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, p := range paragraphs {
		walk(p)
		if invalid {
			break
		}
		if bytes > 0 && runes >= min {
			return true
		}
	}
	if invalid {
		var text strings.Builder
		for _, p := range paragraphs {
			text.WriteString(dom.TextContent(p))
		}
		return text.Len() > 0 && utf8.RuneCountInString(text.String()) >= min
	}
	return bytes > 0 && runes >= min
}

// textContentLen is utf8.RuneCountInString(dom.TextContent(n)) without
// building the text (newswire); text that is not valid UTF-8, whose bytes
// may join across nodes, takes the old way.
func textContentLen(n *html.Node) int {
	runes, invalid := 0, false
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			runes += utf8.RuneCountInString(n.Data)
			invalid = invalid || !utf8.ValidString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	if invalid {
		return utf8.RuneCountInString(dom.TextContent(n))
	}
	return runes
}
