module github.com/newswire/newswire/services/sink

go 1.26.0

require github.com/newswire/newswire/pkg v0.0.0

require (
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20240606120523-5a60cdf6a761 // indirect
	github.com/jackc/pgx/v5 v5.12.0 // indirect
	golang.org/x/text v0.41.0 // indirect
)

replace github.com/newswire/newswire/pkg => ../../pkg
