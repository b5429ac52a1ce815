package harness

import (
	"bytes"
	"io"
	"net"
	"regexp"
	"sync"
	"time"
)

// routeProxy forwards route connections to one cluster node, so that a
// node can be partitioned away while it runs: every node reaches this
// node's routes through its proxy (and is told to, by -advertise), and the
// proxy learns which node opened each connection from the server_name of
// the INFO the opener sends. Client connections do not pass through it: a
// partitioned node keeps its clients, as a node cut off by a broken switch
// would.
type routeProxy struct {
	ln     net.Listener
	target string
	node   string // the node it forwards to

	mu    sync.Mutex
	conns map[*proxied]struct{}
	// cut holds the partitioned nodes: connections to or from one are
	// closed and refused.
	cut map[string]bool
	wg  sync.WaitGroup
}

type proxied struct {
	client, server net.Conn
	origin         string // node that opened it; "" until known
}

func newRouteProxy(node, target string) (*routeProxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &routeProxy{ln: ln, target: target, node: node, conns: map[*proxied]struct{}{}, cut: map[string]bool{}}
	p.wg.Add(1)
	go p.serve()
	return p, nil
}

// Addr is the address peers route to.
func (p *routeProxy) Addr() string { return p.ln.Addr().String() }

func (p *routeProxy) serve() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.handle(c)
		}()
	}
}

var serverName = regexp.MustCompile(`"server_name":"([^"]+)"`)

func (p *routeProxy) handle(client net.Conn) {
	p.mu.Lock()
	refused := p.cut[p.node]
	p.mu.Unlock()
	if refused {
		client.Close()
		return
	}
	server, err := net.DialTimeout("tcp", p.target, 5*time.Second)
	if err != nil {
		client.Close()
		return
	}
	pc := &proxied{client: client, server: server}
	p.mu.Lock()
	p.conns[pc] = struct{}{}
	p.mu.Unlock()
	defer func() {
		client.Close()
		server.Close()
		p.mu.Lock()
		delete(p.conns, pc)
		p.mu.Unlock()
	}()
	done := make(chan struct{})
	go func() {
		defer close(done)
		io.Copy(client, server)
		client.Close()
	}()
	// Hold the opener's bytes until its INFO names it (or 2 s pass), so a
	// partitioned node's connection carries nothing before it is refused.
	var head bytes.Buffer
	buf := make([]byte, 32<<10)
	client.SetReadDeadline(time.Now().Add(2 * time.Second))
	for head.Len() < 256<<10 {
		n, err := client.Read(buf)
		head.Write(buf[:n])
		if m := serverName.FindSubmatch(head.Bytes()); m != nil {
			p.mu.Lock()
			pc.origin = string(m[1])
			refused = p.cut[pc.origin] || p.cut[p.node]
			p.mu.Unlock()
			break
		}
		if err != nil {
			break
		}
	}
	client.SetReadDeadline(time.Time{})
	if !refused {
		if _, err := server.Write(head.Bytes()); err == nil {
			io.Copy(server, client)
		}
	}
	server.Close()
	<-done
}

// setCut partitions node away (on) or lets it back (off), closing the
// connections it has through this proxy.
func (p *routeProxy) setCut(node string, on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !on {
		delete(p.cut, node)
		return
	}
	p.cut[node] = true
	for pc := range p.conns {
		if node == p.node || pc.origin == node || pc.origin == "" {
			pc.client.Close()
			pc.server.Close()
		}
	}
}

func (p *routeProxy) close() {
	p.ln.Close()
	p.mu.Lock()
	for pc := range p.conns {
		pc.client.Close()
		pc.server.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}
