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

package etree

import "golang.org/x/net/html"

// Clone returns a copy of src with the same fields dom.Clone copies (type,
// atom, data and a private copy of the attributes; not the namespace), and,
// when deep, of all its descendants (newswire). The copy's nodes and
// attributes are allocated in two blocks instead of one allocation per node
// and per attribute list: copying the tree was a tenth of the
// normalizer's CPU. Each node's attribute slice is capped at its length, so
// appending to one never writes into its neighbour's.
func Clone(src *html.Node, deep bool) *html.Node {
	nodes, attrs := 1, len(src.Attr)
	if deep {
		nodes, attrs = count(src)
	}
	c := cloner{nodes: make([]html.Node, nodes), attrs: make([]html.Attribute, attrs)}
	if !deep {
		return c.node(src)
	}
	return c.tree(src)
}

func count(n *html.Node) (nodes, attrs int) {
	nodes, attrs = 1, len(n.Attr)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		cn, ca := count(c)
		nodes, attrs = nodes+cn, attrs+ca
	}
	return nodes, attrs
}

type cloner struct {
	nodes []html.Node
	attrs []html.Attribute
}

func (c *cloner) node(src *html.Node) *html.Node {
	n := &c.nodes[0]
	c.nodes = c.nodes[1:]
	k := len(src.Attr)
	a := c.attrs[:k:k]
	c.attrs = c.attrs[k:]
	copy(a, src.Attr)
	n.Type, n.DataAtom, n.Data, n.Attr = src.Type, src.DataAtom, src.Data, a
	return n
}

func (c *cloner) tree(src *html.Node) *html.Node {
	n := c.node(src)
	var prev *html.Node
	for s := src.FirstChild; s != nil; s = s.NextSibling {
		child := c.tree(s)
		child.Parent = n
		if prev == nil {
			n.FirstChild = child
		} else {
			prev.NextSibling, child.PrevSibling = child, prev
		}
		prev = child
	}
	n.LastChild = prev
	return n
}
