package ner

import "github.com/newswire/newswire/pkg/article"

// Label is a BIO tag: O, or the beginning (B) or inside (I) of a mention of
// one of the four entity types.
type Label uint8

// The labels, in the model's order.
const (
	O Label = iota
	BPer
	IPer
	BOrg
	IOrg
	BLoc
	ILoc
	BNorp
	INorp
	numLabels
	// start is the history label before the first token of a sentence.
	start = numLabels
)

// NumLabels is the number of labels the model scores.
const NumLabels = int(numLabels)

var labelTypes = [...]string{article.EntityPerson, article.EntityOrg, article.EntityLoc, article.EntityNORP}

// Begin returns the B label of an entity type, and false for unknown types.
func Begin(typ string) (Label, bool) {
	for i, t := range labelTypes {
		if t == typ {
			return Label(1 + 2*i), true
		}
	}
	return O, false
}

// Inside returns the I label of the same type as l (O for O).
func (l Label) Inside() Label {
	if l == O || l >= numLabels {
		return O
	}
	return l + 1 - (l-1)%2
}

// IsBegin reports whether l is a B label.
func (l Label) IsBegin() bool { return l != O && l < numLabels && (l-1)%2 == 0 }

// Type returns the entity type of l, or "" for O.
func (l Label) Type() string {
	if l == O || l >= numLabels {
		return ""
	}
	return labelTypes[(l-1)/2]
}

// String returns the label in BIO notation ("B-PERSON").
func (l Label) String() string {
	switch {
	case l == O:
		return "O"
	case l >= numLabels:
		return "<s>"
	case l.IsBegin():
		return "B-" + l.Type()
	default:
		return "I-" + l.Type()
	}
}

// allowed reports whether l may follow prev under BIO rules.
func allowed(prev, l Label) bool {
	if l == O || l.IsBegin() {
		return true
	}
	return prev != O && prev < numLabels && prev.Inside() == l
}
