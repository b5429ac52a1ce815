module github.com/newswire/newswire/services/fetcher

go 1.26

require github.com/newswire/newswire/pkg v0.0.0

replace github.com/newswire/newswire/pkg => ../../pkg
