module github.com/newswire/newswire/cmd/newswire

go 1.26.0

require github.com/newswire/newswire/pkg v0.0.0

require (
	github.com/prometheus/client_model v0.6.3 // indirect
	github.com/prometheus/common v0.72.0 // indirect
)

replace github.com/newswire/newswire/pkg => ../../pkg
