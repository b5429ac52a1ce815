module github.com/newswire/newswire/pkg

go 1.26
