// Package manifest renders newswire's kustomize overlays without kubectl, decodes
// every document strictly into its typed Kubernetes object, and checks the
// deployment policy (probes, limits, security context, PDBs, selectors, Jobs).
package manifest

import (
	"errors"
	"fmt"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

// Doc is one rendered document of an overlay.
type Doc struct {
	APIVersion string
	Kind       string
	Namespace  string
	Name       string
	YAML       []byte
}

// String names the document as kubectl would: Kind/namespace/name.
func (d Doc) String() string {
	if d.Namespace == "" {
		return d.Kind + "/" + d.Name
	}
	return d.Kind + "/" + d.Namespace + "/" + d.Name
}

// Render builds the kustomization in dir (on disk) as `kubectl kustomize dir` would,
// with kustomize's default options (files may not be loaded from outside dir).
func Render(dir string) ([]Doc, error) {
	k := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	m, err := k.Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		return nil, fmt.Errorf("render %s: %w", dir, err)
	}
	var docs []Doc
	for _, r := range m.Resources() {
		y, err := r.AsYAML()
		if err != nil {
			return nil, fmt.Errorf("render %s: %s/%s as YAML: %w", dir, r.GetKind(), r.GetName(), err)
		}
		docs = append(docs, Doc{
			APIVersion: r.GetApiVersion(),
			Kind:       r.GetKind(),
			Namespace:  r.GetNamespace(),
			Name:       r.GetName(),
			YAML:       y,
		})
	}
	return docs, nil
}

// ErrNoType reports a document whose kind has no Go type here; such kinds (KEDA's
// ScaledObject) are validated only by the API server against their CRD's schema.
var ErrNoType = errors.New("no Go type for this kind")

// Decoder decodes documents strictly: an unknown or duplicated field is an error.
// It is safe for concurrent use.
type Decoder struct {
	scheme  *runtime.Scheme
	decoder runtime.Decoder
}

// NewDecoder returns a Decoder for the built-in Kubernetes kinds and the
// Prometheus Operator's monitoring.coreos.com/v1 kinds.
func NewDecoder() (*Decoder, error) {
	s := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(s); err != nil {
		return nil, fmt.Errorf("register Kubernetes types: %w", err)
	}
	if err := monitoringv1.AddToScheme(s); err != nil {
		return nil, fmt.Errorf("register monitoring.coreos.com/v1 types: %w", err)
	}
	cf := serializer.NewCodecFactory(s, serializer.EnableStrict)
	return &Decoder{scheme: s, decoder: cf.UniversalDeserializer()}, nil
}

// Decode decodes d into its typed object. It returns an error wrapping ErrNoType
// for kinds it has no type for.
func (dec *Decoder) Decode(d Doc) (runtime.Object, error) {
	gvk := schema.FromAPIVersionAndKind(d.APIVersion, d.Kind)
	if !dec.scheme.Recognizes(gvk) {
		return nil, fmt.Errorf("decode %s (%s): %w", d, gvk, ErrNoType)
	}
	obj, _, err := dec.decoder.Decode(d.YAML, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", d, err)
	}
	return obj, nil
}
