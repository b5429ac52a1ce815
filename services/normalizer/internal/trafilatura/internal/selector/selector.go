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

// Code in this file is ported from <https://github.com/adbar/trafilatura>
// which available under Apache 2.0 license.

package selector

import (
	"github.com/newswire/newswire/services/normalizer/internal/htmlwalk"
	"golang.org/x/net/html"
)

type Rule func(*html.Node) bool

// Query returns the first element under root, in document order, that
// selector matches. newswire: it walks the tree and stops at the match
// instead of listing every element first.
func Query(root *html.Node, selector Rule) *html.Node {
	var found *html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && found == nil; c = c.NextSibling {
			if c.Type == html.ElementNode && selector(c) {
				found = c
				return
			}
			walk(c)
		}
	}
	walk(root)
	return found
}

// QueryAll returns the elements under root, in document order, that
// selector matches (newswire: found by a walk, not from a list of every
// element).
func QueryAll(root *html.Node, selector Rule) []*html.Node {
	var matches []*html.Node
	for e := range htmlwalk.Elements(root) {
		if selector(e) {
			matches = append(matches, e)
		}
	}
	return matches
}

// Any reports whether an element under root matches one of the rules
// (newswire). It walks the tree once and collects nothing.
func Any(root *html.Node, rules []Rule) bool {
	found := false
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && !found; c = c.NextSibling {
			if c.Type == html.ElementNode {
				for _, r := range rules {
					if r(c) {
						found = true
						return
					}
				}
			}
			walk(c)
		}
	}
	walk(root)
	return found
}
