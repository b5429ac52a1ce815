package harness

import "github.com/nats-io/nats-server/v2/server"

// AdminUser is the test's own NATS user, allowed everything.
const AdminUser = "admin"

// Users returns the NATS users of a pipeline: one per service, each allowed
// to publish only its own stage's output subject, its own dead-letter
// subject, the JetStream API and the acks of the stream it consumes, and to
// subscribe only to reply inboxes; plus AdminUser. Every user has password.
func Users(password string) []*server.User {
	inbox := &server.SubjectPermission{Allow: []string{"_INBOX.>"}}
	user := func(name string, publish ...string) *server.User {
		return &server.User{Username: name, Password: password, Permissions: &server.Permissions{
			Publish:   &server.SubjectPermission{Allow: append(publish, "$JS.API.>", "articles.dlq."+name)},
			Subscribe: inbox,
		}}
	}
	return []*server.User{
		// newswire_sources holds the per-source records the fetcher,
		// the normalizer and the sink write (deploy's accounts.conf
		// allows the same).
		user("fetcher", "articles.raw.>", "$KV.newswire_fetcher_seen.>", "$KV.newswire_fetcher_ledger.>", "$KV.newswire_sources.>"),
		user("normalizer", "articles.normalized", "$JS.ACK.ARTICLES_RAW.>", "$KV.newswire_sources.>"),
		user("tagger", "articles.tagged", "$JS.ACK.ARTICLES_NORMALIZED.>"),
		user("story", "articles.storied", "$JS.ACK.ARTICLES_TAGGED.>", "$KV.newswire_stories.>"),
		user("sink", "$JS.ACK.ARTICLES_TAGGED.>", "$JS.ACK.ARTICLES_STORIED.>", "$KV.newswire_sources.>"),
		{Username: AdminUser, Password: password},
	}
}
