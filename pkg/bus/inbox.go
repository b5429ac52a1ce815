package bus

// InboxPrefix is the prefix of the reply subjects of a client logged in as
// user: _INBOX.<user>, so that a user allowed to subscribe to
// _INBOX.<user>.> only (deploy/k8s's accounts.conf) receives its own
// replies and no other user's, such as the messages another service's pull
// consumer is handed. A user name that is not a single subject token keeps
// the default _INBOX.
func InboxPrefix(user string) string {
	if user == "" {
		return "_INBOX"
	}
	for _, r := range user {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return "_INBOX"
		}
	}
	return "_INBOX." + user
}
