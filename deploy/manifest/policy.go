package manifest

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
)

// Policy selects the rules that apply to some overlays only.
type Policy struct {
	// RequirePDB requires a PodDisruptionBudget that selects each Deployment's pods.
	RequirePDB bool
}

// Violation is one broken rule on one object.
type Violation struct {
	Object string // Kind/namespace/name
	Rule   string // short name of the rule, such as "probes" or "resources"
	Detail string
}

func (v Violation) String() string { return v.Object + ": " + v.Rule + ": " + v.Detail }

// DefaultShutdownGrace is the services' SHUTDOWN_GRACE when no ConfigMap or env sets it.
const DefaultShutdownGrace = 25 * time.Second

const (
	labelName   = "app.kubernetes.io/name"
	labelPartOf = "app.kubernetes.io/part-of"
	// metricsPort is the port name of newswire's services; a container with it serves
	// /healthz and /readyz and drains within SHUTDOWN_GRACE.
	metricsPort = "metrics"
)

// generated matches the hash suffix kustomize's generators append to a name.
var generated = regexp.MustCompile(`-[0-9a-z]{10}$`)

// workload is a pod template with what the rules need to know about its owner.
type workload struct {
	id        string
	ns        string
	kind      string
	selector  *metav1.LabelSelector
	template  corev1.PodTemplateSpec
	longLived bool
}

type checker struct {
	p          Policy
	out        []Violation
	configMaps map[string]*corev1.ConfigMap // namespace/name
	workloads  []workload
}

// Check applies newswire's deployment policy to the decoded objects of one overlay
// and returns the violations, sorted; none means the overlay passes.
func Check(objs []runtime.Object, p Policy) []Violation {
	c := &checker{p: p, configMaps: map[string]*corev1.ConfigMap{}}
	for _, o := range objs {
		if cm, ok := o.(*corev1.ConfigMap); ok {
			c.configMaps[cm.Namespace+"/"+cm.Name] = cm
		}
	}
	for _, o := range objs {
		c.collect(o)
	}
	for _, o := range objs {
		c.object(o)
	}
	for _, w := range c.workloads {
		c.workload(w)
	}
	if p.RequirePDB {
		c.pdbs(objs)
	}
	sort.Slice(c.out, func(i, j int) bool { return c.out[i].String() < c.out[j].String() })
	return c.out
}

func (c *checker) fail(id, rule, format string, args ...any) {
	c.out = append(c.out, Violation{Object: id, Rule: rule, Detail: fmt.Sprintf(format, args...)})
}

func objectID(o runtime.Object) string {
	m, err := metaOf(o)
	if err != nil {
		return fmt.Sprintf("%T", o)
	}
	kind := strings.TrimPrefix(fmt.Sprintf("%T", o), "*")
	if i := strings.LastIndex(kind, "."); i >= 0 {
		kind = kind[i+1:]
	}
	if m.GetNamespace() == "" {
		return kind + "/" + m.GetName()
	}
	return kind + "/" + m.GetNamespace() + "/" + m.GetName()
}

func metaOf(o runtime.Object) (metav1.Object, error) {
	m, ok := o.(metav1.Object)
	if !ok {
		return nil, fmt.Errorf("%T has no object metadata", o)
	}
	return m, nil
}

func (c *checker) collect(o runtime.Object) {
	id := objectID(o)
	ns := ""
	if m, err := metaOf(o); err == nil {
		ns = m.GetNamespace()
	}
	switch o := o.(type) {
	case *appsv1.Deployment:
		c.workloads = append(c.workloads, workload{id, ns, "Deployment", o.Spec.Selector, o.Spec.Template, true})
	case *appsv1.StatefulSet:
		c.workloads = append(c.workloads, workload{id, ns, "StatefulSet", o.Spec.Selector, o.Spec.Template, true})
	case *batchv1.Job:
		c.job(id, o.Spec)
		c.workloads = append(c.workloads, workload{id, ns, "Job", nil, o.Spec.Template, false})
	case *batchv1.CronJob:
		c.job(id, o.Spec.JobTemplate.Spec)
		c.workloads = append(c.workloads, workload{id, ns, "CronJob", nil, o.Spec.JobTemplate.Spec.Template, false})
	}
}

// object applies the rules about single objects that are not pod templates.
func (c *checker) object(o runtime.Object) {
	id := objectID(o)
	m, err := metaOf(o)
	if err != nil {
		c.fail(id, "metadata", "%v", err)
		return
	}
	if m.GetLabels()[labelPartOf] != "newswire" {
		c.fail(id, "labels", "label %s=newswire missing", labelPartOf)
	}
	if named(o) && m.GetLabels()[labelName] == "" {
		c.fail(id, "labels", "label %s missing", labelName)
	}
	switch o := o.(type) {
	case *corev1.ServiceAccount:
		if o.AutomountServiceAccountToken == nil || *o.AutomountServiceAccountToken {
			c.fail(id, "automount", "automountServiceAccountToken is not false")
		}
	case *corev1.Service:
		c.service(id, o)
	case *policyv1.PodDisruptionBudget:
		if len(c.selected(o.Namespace, o.Spec.Selector)) == 0 {
			c.fail(id, "pdb-selector", "selects no workload's pods")
		}
	}
}

// named reports the kinds that must carry app.kubernetes.io/name: the workloads
// and what selects or serves them.
func named(o runtime.Object) bool {
	switch o.(type) {
	case *appsv1.Deployment, *appsv1.StatefulSet, *batchv1.Job, *batchv1.CronJob,
		*corev1.Service, *corev1.ServiceAccount, *policyv1.PodDisruptionBudget:
		return true
	}
	return false
}

func (c *checker) job(id string, s batchv1.JobSpec) {
	if rp := s.Template.Spec.RestartPolicy; rp != corev1.RestartPolicyNever && rp != corev1.RestartPolicyOnFailure {
		c.fail(id, "job", "restartPolicy %q, want Never or OnFailure", rp)
	}
	if s.BackoffLimit == nil {
		c.fail(id, "job", "backoffLimit not set")
	}
	if s.ActiveDeadlineSeconds == nil {
		c.fail(id, "job", "activeDeadlineSeconds not set")
	}
	if s.TTLSecondsAfterFinished == nil {
		c.fail(id, "job", "ttlSecondsAfterFinished not set")
	}
}

// selected returns the workloads in ns whose pods sel selects.
func (c *checker) selected(ns string, sel *metav1.LabelSelector) []workload {
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil || s.Empty() {
		return nil
	}
	var ws []workload
	for _, w := range c.workloads {
		if w.ns != ns {
			continue
		}
		if s.Matches(labels.Set(w.template.Labels)) {
			ws = append(ws, w)
		}
	}
	return ws
}

func (c *checker) service(id string, s *corev1.Service) {
	ws := c.selected(s.Namespace, &metav1.LabelSelector{MatchLabels: s.Spec.Selector})
	if len(ws) == 0 {
		c.fail(id, "service-selector", "selector %v matches no workload's pods", s.Spec.Selector)
		return
	}
	for _, p := range s.Spec.Ports {
		if p.Name == "" {
			c.fail(id, "service-port", "port %d has no name", p.Port)
		}
		if p.TargetPort.StrVal == "" {
			continue
		}
		for _, w := range ws {
			if !hasPort(w.template.Spec, p.TargetPort.StrVal) {
				c.fail(id, "service-port", "targetPort %q is not a port of %s", p.TargetPort.StrVal, w.id)
			}
		}
	}
}

func hasPort(spec corev1.PodSpec, name string) bool {
	for _, ct := range spec.Containers {
		for _, p := range ct.Ports {
			if p.Name == name {
				return true
			}
		}
	}
	return false
}

func (c *checker) workload(w workload) {
	t := w.template
	spec := t.Spec
	if t.Labels[labelName] == "" || t.Labels[labelPartOf] != "newswire" {
		c.fail(w.id, "labels", "pod template lacks %s or %s=newswire", labelName, labelPartOf)
	}
	if w.selector != nil {
		s, err := metav1.LabelSelectorAsSelector(w.selector)
		if err != nil || s.Empty() || !s.Matches(labels.Set(t.Labels)) {
			c.fail(w.id, "selector", "selector %v does not match the pod template's labels %v", w.selector, t.Labels)
		}
	}
	if spec.AutomountServiceAccountToken == nil || *spec.AutomountServiceAccountToken {
		c.fail(w.id, "automount", "pod automountServiceAccountToken is not false")
	}
	psc := spec.SecurityContext
	podNonRoot := psc != nil && psc.RunAsNonRoot != nil && *psc.RunAsNonRoot
	podSeccomp := psc != nil && psc.SeccompProfile != nil && psc.SeccompProfile.Type == corev1.SeccompProfileTypeRuntimeDefault
	if w.longLived {
		if len(spec.TopologySpreadConstraints) == 0 {
			c.fail(w.id, "topology", "no topologySpreadConstraints")
		}
		for _, tsc := range spec.TopologySpreadConstraints {
			s, err := metav1.LabelSelectorAsSelector(tsc.LabelSelector)
			if err != nil || s.Empty() || !s.Matches(labels.Set(t.Labels)) {
				c.fail(w.id, "topology", "spread over %s does not select the workload's own pods", tsc.TopologyKey)
			}
		}
	}
	grace := int64(corev1.DefaultTerminationGracePeriodSeconds)
	if spec.TerminationGracePeriodSeconds != nil {
		grace = *spec.TerminationGracePeriodSeconds
	}
	for _, ct := range append(append([]corev1.Container{}, spec.InitContainers...), spec.Containers...) {
		cid := w.id + " container " + ct.Name
		c.container(cid, w, ct, podNonRoot, podSeccomp)
		if hasNamedPort(ct, metricsPort) {
			drain, err := c.shutdownGrace(t.Namespace, w, ct)
			if err != nil {
				c.fail(cid, "grace", "%v", err)
			} else if time.Duration(grace)*time.Second <= drain {
				c.fail(cid, "grace", "terminationGracePeriodSeconds %d is not longer than SHUTDOWN_GRACE %s", grace, drain)
			}
		}
	}
	c.references(w)
}

func hasNamedPort(ct corev1.Container, name string) bool {
	for _, p := range ct.Ports {
		if p.Name == name {
			return true
		}
	}
	return false
}

func (c *checker) container(id string, w workload, ct corev1.Container, podNonRoot, podSeccomp bool) {
	sc := ct.SecurityContext
	if sc == nil {
		sc = &corev1.SecurityContext{}
	}
	if !podNonRoot && (sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot) {
		c.fail(id, "security", "runAsNonRoot not set")
	}
	if !podSeccomp && (sc.SeccompProfile == nil || sc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault) {
		c.fail(id, "security", "seccompProfile is not RuntimeDefault")
	}
	if sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
		c.fail(id, "security", "readOnlyRootFilesystem is not true")
	}
	if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
		c.fail(id, "security", "allowPrivilegeEscalation is not false")
	}
	dropAll := false
	if sc.Capabilities != nil {
		for _, d := range sc.Capabilities.Drop {
			dropAll = dropAll || d == "ALL"
		}
		if len(sc.Capabilities.Add) > 0 {
			c.fail(id, "security", "adds capabilities %v", sc.Capabilities.Add)
		}
	}
	if !dropAll {
		c.fail(id, "security", "capabilities do not drop ALL")
	}
	for _, r := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		if _, ok := ct.Resources.Requests[r]; !ok {
			c.fail(id, "resources", "no %s request", r)
		}
		if _, ok := ct.Resources.Limits[r]; !ok {
			c.fail(id, "resources", "no %s limit", r)
		}
	}
	if !memLimitFromLimit(ct) {
		c.fail(id, "gomemlimit", "GOMEMLIMIT is not set from resourceFieldRef limits.memory")
	}
	if w.longLived {
		if ct.LivenessProbe == nil || ct.ReadinessProbe == nil {
			c.fail(id, "probes", "liveness and readiness probes are required")
		}
		if hasNamedPort(ct, metricsPort) {
			checkProbe(c, id, "liveness", ct.LivenessProbe, "/healthz")
			checkProbe(c, id, "readiness", ct.ReadinessProbe, "/readyz")
		}
	}
}

func checkProbe(c *checker, id, which string, p *corev1.Probe, path string) {
	if p == nil {
		return
	}
	if p.HTTPGet == nil || p.HTTPGet.Path != path || p.HTTPGet.Port.String() != metricsPort {
		c.fail(id, "probes", "%s probe is not GET %s on port %q", which, path, metricsPort)
	}
}

func memLimitFromLimit(ct corev1.Container) bool {
	for _, e := range ct.Env {
		if e.Name == "GOMEMLIMIT" {
			f := e.ValueFrom
			return f != nil && f.ResourceFieldRef != nil && f.ResourceFieldRef.Resource == "limits.memory" &&
				(f.ResourceFieldRef.Divisor.IsZero() || f.ResourceFieldRef.Divisor.Value() == 1)
		}
	}
	return false
}

// shutdownGrace finds the SHUTDOWN_GRACE a newswire container runs with: its env,
// else the ConfigMaps it takes its environment from, else the default.
func (c *checker) shutdownGrace(ns string, w workload, ct corev1.Container) (time.Duration, error) {
	val := ""
	for _, ef := range ct.EnvFrom {
		if ef.ConfigMapRef == nil {
			continue
		}
		cm := c.configMaps[c.namespaceOf(w, ns)+"/"+ef.ConfigMapRef.Name]
		if cm == nil {
			continue
		}
		for k, v := range cm.Data {
			if k == "SHUTDOWN_GRACE" || strings.HasSuffix(k, "_SHUTDOWN_GRACE") {
				val = v
			}
		}
	}
	for _, e := range ct.Env {
		if e.Name == "SHUTDOWN_GRACE" || strings.HasSuffix(e.Name, "_SHUTDOWN_GRACE") {
			val = e.Value
		}
	}
	if val == "" {
		return DefaultShutdownGrace, nil
	}
	d, err := time.ParseDuration(val)
	if err != nil {
		return 0, fmt.Errorf("parse SHUTDOWN_GRACE %q: %w", val, err)
	}
	return d, nil
}

func (c *checker) namespaceOf(w workload, _ string) string { return w.ns }

// references requires every ConfigMap the pods use to be in the same render.
func (c *checker) references(w workload) {
	ns := c.namespaceOf(w, w.template.Namespace)
	need := map[string]bool{}
	for _, ct := range w.template.Spec.Containers {
		for _, ef := range ct.EnvFrom {
			if ef.ConfigMapRef != nil {
				need[ef.ConfigMapRef.Name] = true
			}
		}
		for _, e := range ct.Env {
			if e.ValueFrom != nil && e.ValueFrom.ConfigMapKeyRef != nil {
				need[e.ValueFrom.ConfigMapKeyRef.Name] = true
			}
		}
	}
	for _, v := range w.template.Spec.Volumes {
		if v.ConfigMap != nil {
			need[v.ConfigMap.Name] = true
		}
	}
	// A ConfigMap a pod reads must come from a generator, whose hash suffix
	// renames it on every change and so rolls the pods.
	for name := range need {
		switch {
		case c.configMaps[ns+"/"+name] == nil:
			c.fail(w.id, "configmap", "uses ConfigMap %q, which this overlay does not generate", name)
		case !generated.MatchString(name):
			c.fail(w.id, "configmap", "uses ConfigMap %q, not from a configMapGenerator (no hash suffix)", name)
		}
	}
}

// pdbs requires a PodDisruptionBudget selecting each Deployment's pods.
func (c *checker) pdbs(objs []runtime.Object) {
	var pdbs []*policyv1.PodDisruptionBudget
	for _, o := range objs {
		if p, ok := o.(*policyv1.PodDisruptionBudget); ok {
			pdbs = append(pdbs, p)
		}
	}
	for _, w := range c.workloads {
		if w.kind != "Deployment" {
			continue
		}
		ns := c.namespaceOf(w, "")
		found := false
		for _, p := range pdbs {
			s, err := metav1.LabelSelectorAsSelector(p.Spec.Selector)
			if err == nil && p.Namespace == ns && !s.Empty() && s.Matches(labels.Set(w.template.Labels)) {
				found = true
			}
		}
		if !found {
			c.fail(w.id, "pdb", "no PodDisruptionBudget selects its pods")
		}
	}
}
