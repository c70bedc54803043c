//go:build tools

// Package tools pins upstream's Node.js language host so `go mod tidy` keeps everything it needs in
// go.mod/go.sum. v3.68.0 is the newest github.com/pulumi/pulumi/sdk/v3 whose module still contains
// nodejs/cmd/pulumi-language-nodejs (v3.69.0 moved it into its own module, which the Go module proxy
// refuses). Build with:
//
//	go build -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v3.68.0" \
//	  github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
package tools

import (
	// The -X ldflag sets version.Version in this package.
	_ "github.com/pulumi/pulumi/sdk/v3/go/common/version"
	_ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
)
