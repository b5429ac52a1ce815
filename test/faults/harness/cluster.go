package harness

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Cluster is a JetStream cluster of natsd processes on this machine, each
// with its own file store, client port and monitoring port. Routes pass
// through a proxy per node, so a node can be partitioned away while it
// runs (Partition).
type Cluster struct {
	Nodes []*Node
}

// Node is one server of a Cluster.
type Node struct {
	Name    string
	Proc    *Proc
	Port    int // clients
	Monitor int // /jsz, /healthz
	proxy   *routeProxy
	started int // "nats ready" lines seen in its log
}

// NewCluster prepares n nodes (n1, n2, ...) under dir; accounts is an
// accounts file for natsd ("" for open access) and env the environment
// holding its passwords. It starts their route proxies but
// not the nodes.
func NewCluster(bin, dir string, n int, accounts string, env []string) (*Cluster, error) {
	c := &Cluster{}
	routePorts := make([]int, n)
	for i := range n {
		name := "n" + strconv.Itoa(i+1)
		var ports [3]int
		for j := range ports {
			p, err := FreePort()
			if err != nil {
				return nil, err
			}
			ports[j] = p
		}
		routePorts[i] = ports[2]
		px, err := newRouteProxy(name, fmt.Sprintf("127.0.0.1:%d", ports[2]))
		if err != nil {
			c.Close()
			return nil, err
		}
		c.Nodes = append(c.Nodes, &Node{Name: name, Port: ports[0], Monitor: ports[1], proxy: px})
	}
	for i, nd := range c.Nodes {
		var routes []string
		for j, peer := range c.Nodes {
			if j != i {
				routes = append(routes, peer.proxy.Addr())
			}
		}
		store := filepath.Join(dir, "nats-"+nd.Name)
		if err := os.MkdirAll(store, 0o755); err != nil {
			return nil, err
		}
		args := []string{
			"-name", nd.Name, "-port", strconv.Itoa(nd.Port), "-monitor", strconv.Itoa(nd.Monitor),
			"-store", store, "-cluster", fmt.Sprintf("127.0.0.1:%d", routePorts[i]),
			"-advertise", nd.proxy.Addr(), "-routes", strings.Join(routes, ","),
		}
		if accounts != "" {
			args = append(args, "-accounts", accounts)
		}
		nd.Proc = &Proc{Name: nd.Name, Path: filepath.Join(bin, "natsd"), Args: args, Env: env, Log: filepath.Join(dir, "logs", "nats-"+nd.Name+".log")}
	}
	return c, nil
}

// URLs is every node's client URL, comma separated, as NATS_URL takes them.
func (c *Cluster) URLs() string {
	var u []string
	for _, nd := range c.Nodes {
		u = append(u, fmt.Sprintf("nats://127.0.0.1:%d", nd.Port))
	}
	return strings.Join(u, ",")
}

// Node returns the node named name, or nil.
func (c *Cluster) Node(name string) *Node {
	for _, nd := range c.Nodes {
		if nd.Name == name {
			return nd
		}
	}
	return nil
}

// Start starts every node and waits until the cluster has a meta leader.
func (c *Cluster) Start() error {
	for _, nd := range c.Nodes {
		if err := nd.Proc.Start(); err != nil {
			return err
		}
	}
	for _, nd := range c.Nodes {
		if err := nd.waitStarted(); err != nil {
			return err
		}
	}
	_, err := c.WaitMetaLeader(time.Minute)
	return err
}

// StartNode starts a stopped node and waits until it accepts clients.
func (c *Cluster) StartNode(nd *Node) error {
	if err := nd.Proc.Start(); err != nil {
		return err
	}
	return nd.waitStarted()
}

func (nd *Node) waitStarted() error {
	deadline := time.Now().Add(time.Minute)
	for {
		data, _ := os.ReadFile(nd.Proc.Log)
		if strings.Count(string(data), "nats ready") > nd.started {
			nd.started++
			return nil
		}
		if !nd.Proc.Running() || time.Now().After(deadline) {
			return fmt.Errorf("nats node %s did not start (log %s)", nd.Name, nd.Proc.Log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Partition cuts node nd off from its peers (on) or heals it (off). Its
// clients stay connected to it.
func (c *Cluster) Partition(nd *Node, on bool) {
	for _, other := range c.Nodes {
		other.proxy.setCut(nd.Name, on)
	}
}

// Stop stops every node (SIGTERM) and closes the proxies.
func (c *Cluster) Stop() error {
	var errs []error
	for _, nd := range c.Nodes {
		if err := nd.Proc.Term(30 * time.Second); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", nd.Name, err))
		}
	}
	c.Close()
	return errors.Join(errs...)
}

// Close closes the proxies.
func (c *Cluster) Close() {
	for _, nd := range c.Nodes {
		if nd.proxy != nil {
			nd.proxy.close()
		}
	}
}

// jsz is the part of a node's /jsz that the harness reads.
type jsz struct {
	Meta *struct {
		Leader string `json:"leader"`
	} `json:"meta_cluster"`
	Accounts []struct {
		Streams []struct {
			Name    string `json:"name"`
			Cluster *struct {
				Leader   string `json:"leader"`
				Replicas []struct {
					Name    string `json:"name"`
					Current bool   `json:"current"`
				} `json:"replicas"`
			} `json:"cluster"`
		} `json:"stream_detail"`
	} `json:"account_details"`
}

func (nd *Node) jsz() (*jsz, error) {
	client := &http.Client{Timeout: 2 * time.Second}
	resp, err := client.Get(fmt.Sprintf("http://127.0.0.1:%d/jsz?accounts=true&streams=true", nd.Monitor))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var j jsz
	if err := json.NewDecoder(resp.Body).Decode(&j); err != nil {
		return nil, fmt.Errorf("%s /jsz: %w", nd.Name, err)
	}
	return &j, nil
}

// Healthy reports whether the node's /healthz answers ok: JetStream is
// enabled, and its streams and consumers are current.
func (nd *Node) Healthy() bool {
	client := &http.Client{Timeout: 2 * time.Second}
	resp, err := client.Get(fmt.Sprintf("http://127.0.0.1:%d/healthz", nd.Monitor))
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// MetaLeader returns the node that leads the JetStream meta group, as the
// running nodes see it, or nil.
func (c *Cluster) MetaLeader() *Node {
	for _, nd := range c.Nodes {
		if !nd.Proc.Running() {
			continue
		}
		if j, err := nd.jsz(); err == nil && j.Meta != nil && j.Meta.Leader != "" {
			return c.Node(j.Meta.Leader)
		}
	}
	return nil
}

// StreamLeader returns the node that leads stream, or nil.
func (c *Cluster) StreamLeader(stream string) *Node {
	for _, nd := range c.Nodes {
		if !nd.Proc.Running() {
			continue
		}
		j, err := nd.jsz()
		if err != nil {
			continue
		}
		for _, a := range j.Accounts {
			for _, s := range a.Streams {
				if s.Name == stream && s.Cluster != nil && s.Cluster.Leader != "" {
					return c.Node(s.Cluster.Leader)
				}
			}
		}
	}
	return nil
}

// WaitMetaLeader waits until a meta leader is elected.
func (c *Cluster) WaitMetaLeader(within time.Duration) (*Node, error) {
	deadline := time.Now().Add(within)
	for {
		if l := c.MetaLeader(); l != nil {
			return l, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("no JetStream meta leader after %s", within)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// WaitHealthy waits until every node runs and answers /healthz ok.
func (c *Cluster) WaitHealthy(within time.Duration) error {
	deadline := time.Now().Add(within)
	for {
		var sick []string
		for _, nd := range c.Nodes {
			if !nd.Proc.Running() || !nd.Healthy() {
				sick = append(sick, nd.Name)
			}
		}
		if len(sick) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("nodes %v not healthy after %s", sick, within)
		}
		time.Sleep(250 * time.Millisecond)
	}
}
