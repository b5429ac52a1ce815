# deploy.mk: container images, the tools the deploy tier needs, and the
# deploy tier itself. Included by the top-level Makefile (include mk/*.mk);
# usable alone too:
#   make -f mk/deploy.mk deps-deploy    # etcd, kube-apiserver, ko, images (one-time builds are cached)
#   make -f mk/deploy.mk images         # the service images into bin/images/
#   make -f mk/deploy.mk test-deploy    # image checks and the server-side dry run
#
# The deploy module's other tests (kustomize rendering, strict decoding,
# policy, NATS permissions) need none of this and run under `make test`.

GO              ?= go
# Outside the clone, so that a fresh clone on the same machine (CI) reuses
# the one-time builds.
DEPLOY_CACHE    ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/newswire/deploy
# The Kubernetes release is pinned once, in tools/go.mod (k8s.io/kubernetes).
KUBE_VERSION    := $(shell awk '$$1=="k8s.io/kubernetes"{print $$2; exit}' tools/go.mod)
KUBE_APISERVER  := $(DEPLOY_CACHE)/kube-apiserver-$(KUBE_VERSION)/kube-apiserver
KO_VERSION      := v0.18.1
KO              := $(DEPLOY_CACHE)/ko-$(KO_VERSION)/ko
IMAGEBASE       := $(DEPLOY_CACHE)/bin/imagebase
# Images are named $(KO_DOCKER_REPO)/<service>:$(IMAGE_TAG); `make images-push` pushes there.
KO_DOCKER_REPO  ?= ghcr.io/newswire
IMAGE_TAG       ?= dev
IMAGES_DIR      := bin/images
IMAGE_SERVICES  := ./services/fetcher ./services/normalizer ./services/tagger ./services/story ./services/sink ./services/search ./services/notify ./cmd/newswire

# Debian packages: etcd for envtest, ca-certificates for the image base.
DEPLOY_APT_PACKAGES := etcd-server ca-certificates

# DEPLOY_TESTS names the deploy module's tests that need what deps-deploy
# builds (a regexp for go test -run and -skip): the server-side dry runs
# (kube-apiserver, etcd) and the image checks. `make test` skips them by
# this name and `make test-deploy` runs them, with NEWSWIRE_TEST_DEPLOY=1 so
# that a missing tool fails them instead of skipping them. A new test that
# needs kube-apiserver is named ...ServerDryRun.
DEPLOY_TESTS := ServerDryRun|TestServiceImages

.PHONY: deps-deploy deps-deploy-apt images images-push test-deploy

deps-deploy: deps-deploy-apt $(KUBE_APISERVER) images ## install/build what the deploy tier needs (etcd, kube-apiserver, ko, images)

deps-deploy-apt:
	@./scripts/apt-install $(DEPLOY_APT_PACKAGES)

# kube-apiserver from the k8s.io/kubernetes module, cached by version (several minutes, once).
$(KUBE_APISERVER):
	@mkdir -p $(dir $@)
	@echo "building kube-apiserver $(KUBE_VERSION) into $(dir $@) (one time; minutes on 2 cores)"
	cd tools && GOWORK=off CGO_ENABLED=0 nice $(GO) build -trimpath -ldflags=-s -o $@.tmp k8s.io/kubernetes/cmd/kube-apiserver
	@mv $@.tmp $@

$(KO):
	@mkdir -p $(dir $@)
	GOWORK=off GOBIN=$(dir $@) nice $(GO) install github.com/google/ko@$(KO_VERSION)

$(IMAGEBASE): $(wildcard tools/cmd/imagebase/*.go) tools/go.mod
	@mkdir -p $(dir $@)
	cd tools && GOWORK=off $(GO) build -o $@ ./cmd/imagebase

images: $(KO) $(IMAGEBASE) deps-deploy-apt ## build the service images (ko, static non-root base, no daemon) into bin/images/
	@rm -rf $(IMAGES_DIR) && mkdir -p $(IMAGES_DIR)
	KO_DOCKER_REPO=$(KO_DOCKER_REPO) SOURCE_DATE_EPOCH=0 $(IMAGEBASE) -out $(DEPLOY_CACHE)/base -- \
		$(KO) build --push=false --base-import-paths --tags=$(IMAGE_TAG) \
		--oci-layout-path=$(IMAGES_DIR)/oci --tarball=$(IMAGES_DIR)/images.tar $(IMAGE_SERVICES)

images-push: $(KO) $(IMAGEBASE) deps-deploy-apt ## build and push the images to $(KO_DOCKER_REPO) (see deploy/README.md)
	KO_DOCKER_REPO=$(KO_DOCKER_REPO) SOURCE_DATE_EPOCH=0 $(IMAGEBASE) -out $(DEPLOY_CACHE)/base -- \
		$(KO) build --base-import-paths --tags=$(IMAGE_TAG) $(IMAGE_SERVICES)

test-deploy: deps-deploy ## the deploy tier: image checks and a server-side dry run of every manifest against a real kube-apiserver (built once, then cached in ~/.cache/newswire/deploy)
	cd deploy && NEWSWIRE_TEST_DEPLOY=1 NEWSWIRE_KUBE_APISERVER=$(KUBE_APISERVER) GOWORK=off ../scripts/gotest -count=1 -timeout 20m -run '$(DEPLOY_TESTS)' ./...
