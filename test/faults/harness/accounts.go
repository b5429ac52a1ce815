package harness

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
)

// AccountsFile is deploy/k8s's NATS accounts and users
// (components/nats/config/accounts.conf): a pipeline with a password runs
// its NATS server with this very file, so the fault run and the permission
// tests prove what is deployed. AdminUser is its admin.
func AccountsFile() (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", fmt.Errorf("cannot locate the harness source")
	}
	root, err := Root(filepath.Dir(file))
	if err != nil {
		return "", err
	}
	p := filepath.Join(root, "deploy", "k8s", "components", "nats", "config", "accounts.conf")
	if _, err := os.Stat(p); err != nil {
		return "", err
	}
	return p, nil
}

var passwordVar = regexp.MustCompile(`\$(NATS_([A-Z_]+)_PASSWORD)\b`)

// AccountEnv returns the environment that gives every user of an accounts
// file (every $NATS_<USER>_PASSWORD it names) password, for the NATS
// server's process.
func AccountEnv(file, password string) ([]string, error) {
	users, err := AccountUsers(file)
	if err != nil {
		return nil, err
	}
	env := make([]string, len(users))
	for i, u := range users {
		env[i] = "NATS_" + strings.ToUpper(u) + "_PASSWORD=" + password
	}
	return env, nil
}

// AccountUsers returns the users an accounts file has passwords for, in
// lower case as the file names them (sys, admin, fetcher...).
func AccountUsers(file string) ([]string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var users []string
	for _, m := range passwordVar.FindAllStringSubmatch(string(data), -1) {
		if u := strings.ToLower(m[2]); !slices.Contains(users, u) {
			users = append(users, u)
		}
	}
	if len(users) == 0 {
		return nil, fmt.Errorf("%s names no $NATS_<USER>_PASSWORD", file)
	}
	return users, nil
}
