module github.com/newswire/newswire/services/tagger

go 1.26.0

require github.com/newswire/newswire/pkg v0.0.0

require github.com/google/go-cmp v0.7.0 // indirect

replace github.com/newswire/newswire/pkg => ../../pkg
