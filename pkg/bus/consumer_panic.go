package bus

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
)

// handleSafely runs handle with the consumer's one panic policy: a panic
// is a permanent error whose reason carries the panic value and the stack
// that raised it, so the delivery is dead-lettered and an operator can find
// the bug from the dead letter alone. A batch that panics is handled again
// one delivery at a time, so the deliveries that do not panic alone go on
// (handlers are idempotent: a redelivery does the same).
func (c *Consumer) handleSafely(ctx context.Context, handle handleFunc, ds []*Delivery) []result {
	res, perr := recovered(ctx, handle, ds)
	if perr == nil {
		return res
	}
	if len(ds) == 1 {
		return []result{{err: perr}}
	}
	c.log.Error("handler panicked on a batch; handling its messages one at a time", "messages", len(ds), "err", perr)
	res = make([]result, len(ds))
	for i, d := range ds {
		one, perr := recovered(ctx, handle, []*Delivery{d})
		if perr != nil {
			res[i] = result{err: perr}
			continue
		}
		res[i] = one[0]
	}
	return res
}

// recovered calls handle and turns a panic into a permanent error.
func recovered(ctx context.Context, handle handleFunc, ds []*Delivery) (res []result, perr error) {
	defer func() {
		if r := recover(); r != nil {
			res, perr = nil, Permanent(fmt.Errorf("handler panic: %v; stack: %s", r, panicStack()))
		}
	}()
	return handle(ctx, ds), nil
}

// maxStackFrames bounds the frames a panic's reason lists; the dead-letter
// reason header is cut at maxReasonLen anyway.
const maxStackFrames = 16

// panicStack lists, innermost first, the frames between the panic and
// recovered, as "function (file:line)" joined by " < ": the runtime's own
// frames and the recovery's are left out, so what a dead-letter reason
// holds is the handler's code.
func panicStack() string {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(2, pcs) // skip runtime.Callers and panicStack
	frames := runtime.CallersFrames(pcs[:n])
	var parts []string
	inPanic := false
	for {
		f, more := frames.Next()
		switch {
		case f.Function == "runtime.gopanic":
			inPanic = true // frames before it are the deferred recovery
			parts = parts[:0]
		case strings.HasSuffix(f.Function, "/bus.recovered"):
			more = false
		case strings.HasPrefix(f.Function, "runtime."):
		case inPanic && len(parts) < maxStackFrames:
			parts = append(parts, fmt.Sprintf("%s (%s:%d)", shortFunc(f.Function), filepath.Base(f.File), f.Line))
		}
		if !more {
			break
		}
	}
	return strings.Join(parts, " < ")
}

// shortFunc drops a function name's import path but its last element:
// "github.com/x/y/pkg.(*T).M" is "pkg.(*T).M".
func shortFunc(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		return name[i+1:]
	}
	return name
}
