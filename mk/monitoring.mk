# monitoring.mk: the Grafana dashboard and the alert rules.
# Included by the top-level Makefile (include mk/*.mk).
#
# deploy/monitoring holds the sources (newswire.rules.yml, its promtool unit
# tests, newswire-dashboard.json); deploy/k8s/components/monitoring holds
# copies for kustomize (which reads no file outside its directory), made by
# monitoring-gen and kept equal by TestMonitoringCopiesMatchSources.

GO             ?= go
MONITORING_SRC := deploy/monitoring
MONITORING_K8S := deploy/k8s/components/monitoring

# Debian's prometheus package ships prometheus (the end-to-end scrape test)
# and promtool (rule checks and unit tests); the top-level deps target
# installs every package named in APT_PACKAGES.
APT_PACKAGES += prometheus
.PHONY: deps-monitoring
deps-monitoring: deps ## install Debian's prometheus package (prometheus, promtool) when missing

# promtool runs in one place, the Go test TestPromtoolRules (`make test`
# runs it with every other test); this target runs that test alone.
.PHONY: promtool
promtool: ## check the alert rules and run their promtool unit tests (the Go test TestPromtoolRules alone)
	cd test/faults && GOWORK=off $(GO) test -count=1 -v -run '^TestPromtoolRules$$' ./e2e

.PHONY: monitoring-gen
monitoring-gen: ## regenerate the PrometheusRule and the dashboard copy in deploy/k8s/components/monitoring
	@{ printf '%s\n' \
		'# Generated from deploy/monitoring/newswire.rules.yml by `make monitoring-gen`: edit that file.' \
		'apiVersion: monitoring.coreos.com/v1' \
		'kind: PrometheusRule' \
		'metadata:' \
		'  name: newswire' \
		'  labels:' \
		'    app.kubernetes.io/part-of: newswire' \
		'    app.kubernetes.io/component: monitoring' \
		'spec:'; \
	  grep -v '^#' $(MONITORING_SRC)/newswire.rules.yml | sed 's/^./  &/'; \
	} > $(MONITORING_K8S)/prometheusrule.yaml
	cp $(MONITORING_SRC)/newswire-dashboard.json $(MONITORING_K8S)/newswire-dashboard.json
