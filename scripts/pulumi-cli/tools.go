//go:build tools

// Package tools pins the Pulumi CLI main package so `go mod tidy` keeps
// github.com/pulumi/pulumi/pkg/v3 (and everything cmd/pulumi needs) in go.mod/go.sum.
// Build with: go build github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
	// The -X ldflag sets version.Version in this package.
	_ "github.com/pulumi/pulumi/sdk/v3/go/common/version"
)
