// Command gen-sdk writes the SDKs of the xenserver-pci provider plugin from its
// package schema, for Node.js, Python, Go and .NET, with the code generators
// the Pulumi CLI's language hosts run for `pulumi package gen-sdk` (pkg/v3's
// codegen/{nodejs,python,go} and pulumi-dotnet's codegen), bound and called as
// those hosts call them, so that no language host or runtime is needed.
//
//	gen-sdk -schema schema.json -out sdk -logo FILE [-languages nodejs,python,go,dotnet]
//
// Each language's directory, <out>/<language>, is removed and written again.
//
// The .NET generator downloads the package's logo (the schema's logoUrl, by
// default Pulumi's logo from raw.githubusercontent.com) into the SDK. Nothing
// is downloaded here: that default logo is served from -logo, the same image
// as pulumi-language-dotnet's own test data holds
// (codegen/testdata/*/logo.png in its module), and any other URL is an error.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/blang/semver"
	dotnetgen "github.com/pulumi/pulumi-dotnet/pulumi-language-dotnet/v3/codegen"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	nodejsgen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	pythongen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"golang.org/x/mod/modfile"
)

// noReferences is the schema loader: the package refers to no other package,
// so any attempt to load one is an error.
type noReferences struct{}

var errNoReferences = errors.New("the schema must not refer to other packages")

func (noReferences) LoadPackage(string, *semver.Version) (*schema.Package, error) {
	return nil, errNoReferences
}

func (noReferences) LoadPackageV2(context.Context, *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, errNoReferences
}

func (noReferences) LoadPackageReference(string, *semver.Version) (schema.PackageReference, error) {
	return nil, errNoReferences
}

func (noReferences) LoadPackageReferenceV2(
	context.Context, *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, errNoReferences
}

// defaultLogoURL is the logo the .NET generator fetches when the schema has no logoUrl.
const defaultLogoURL = "https://raw.githubusercontent.com/pulumi/pulumi/" +
	"dbc96206bec722b7791a22ff50e895ab7c0abdc0/sdk/dotnet/pulumi_logo_64x64.png"

// localLogo answers the .NET generator's logo download from a local file and
// refuses every other request: generating an SDK uses no network.
type localLogo struct{ path string }

func (l localLogo) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.String() != defaultLogoURL {
		return nil, fmt.Errorf("gen-sdk downloads nothing; the schema's logoUrl %s is not served (leave logoUrl out)", req.URL)
	}
	if l.path == "" {
		return nil, errors.New("gen-sdk: the .NET SDK needs -logo (Pulumi's default logo, a local file)")
	}
	f, err := os.Open(l.path)
	if err != nil {
		return nil, err
	}
	return &http.Response{
		Status: "200 OK", StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": []string{"image/png"}}, Body: io.NopCloser(f), Request: req,
	}, nil
}

// generators: each language's code generator, called with the tool name its
// language host passes (the name appears in the generated files' headers).
var generators = map[string]func(*schema.Package, schema.ReferenceLoader) (map[string][]byte, error){
	"nodejs": func(pkg *schema.Package, loader schema.ReferenceLoader) (map[string][]byte, error) {
		return nodejsgen.GeneratePackage("pulumi-language-nodejs", pkg, nil, nil, false, loader)
	},
	"python": func(pkg *schema.Package, loader schema.ReferenceLoader) (map[string][]byte, error) {
		return pythongen.GeneratePackage("pulumi-language-python", pkg, nil, loader)
	},
	"go": func(pkg *schema.Package, _ schema.ReferenceLoader) (map[string][]byte, error) {
		files, err := gogen.GeneratePackage("pulumi-language-go", pkg, nil)
		if err != nil {
			return nil, err
		}
		if _, ok := files["go.mod"]; !ok {
			if files["go.mod"], err = goMod(pkg); err != nil {
				return nil, err
			}
		}
		return files, nil
	},
	"dotnet": func(pkg *schema.Package, _ schema.ReferenceLoader) (map[string][]byte, error) {
		return dotnetgen.GeneratePackage("pulumi-language-dotnet", pkg, nil, nil)
	},
}

// goMod is the go.mod of the Go SDK when the generator writes none (it writes
// one only for schemas with supportPack): without it the SDK's packages,
// whose import paths are language.go.importBasePath, cannot be required. The
// module is importBasePath's parent, as supportPack makes it, and it requires
// what the generated code imports, at the versions this program is built with.
func goMod(pkg *schema.Package) ([]byte, error) {
	base := gogen.ExtractImportBasePath(pkg.Reference())
	if info, ok := pkg.Language["go"].(gogen.GoPackageInfo); ok && info.ImportBasePath != "" {
		base = info.ImportBasePath
	}
	build, ok := debug.ReadBuildInfo()
	if !ok {
		return nil, errors.New("gen-sdk has no build information to take the Go SDK's versions from")
	}
	versions := map[string]string{}
	for _, dep := range build.Deps {
		versions[dep.Path] = dep.Version
	}
	var mod modfile.File
	if err := mod.AddModuleStmt(path.Dir(base)); err != nil {
		return nil, err
	}
	if err := mod.AddGoStmt("1.25"); err != nil {
		return nil, err
	}
	for _, req := range []string{"github.com/blang/semver", "github.com/pulumi/pulumi/sdk/v3"} {
		if versions[req] == "" {
			return nil, fmt.Errorf("gen-sdk is not built with %s", req)
		}
		if err := mod.AddRequire(req, versions[req]); err != nil {
			return nil, err
		}
	}
	return mod.Format()
}

// bind reads and binds the schema, as each language host does (a fresh
// binding per language: the generators record their settings in it).
func bind(schemaPath string, loader schema.ReferenceLoader) (*schema.Package, error) {
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		return nil, fmt.Errorf("%s: %w", schemaPath, err)
	}
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", schemaPath, err)
	}
	for _, d := range diags {
		fmt.Fprintf(os.Stderr, "gen-sdk: %s: %s\n", schemaPath, d.Error())
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s: the schema does not bind", schemaPath)
	}
	return pkg, nil
}

func generate(schemaPath, outDir, language string) (int, error) {
	gen, ok := generators[language]
	if !ok {
		return 0, fmt.Errorf("unknown language %q", language)
	}
	loader := noReferences{}
	pkg, err := bind(schemaPath, loader)
	if err != nil {
		return 0, err
	}
	files, err := gen(pkg, loader)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", language, err)
	}
	dir := filepath.Join(outDir, language)
	if err := os.RemoveAll(dir); err != nil {
		return 0, err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return 0, err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return 0, err
		}
	}
	return len(names), nil
}

func main() {
	schemaPath := flag.String("schema", "schema.json", "the package schema")
	outDir := flag.String("out", "sdk", "the directory that receives one directory per language")
	languages := flag.String("languages", "nodejs,python,go,dotnet", "comma-separated languages")
	logo := flag.String("logo", "", "Pulumi's default package logo (PNG), for the .NET SDK")
	flag.Parse()
	http.DefaultTransport = localLogo{path: *logo}
	http.DefaultClient.Transport = http.DefaultTransport
	if flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: gen-sdk [-schema FILE] [-out DIR] [-logo FILE] [-languages nodejs,python,go,dotnet]")
		os.Exit(2)
	}
	for _, language := range strings.Split(*languages, ",") {
		n, err := generate(*schemaPath, *outDir, language)
		if err != nil {
			fmt.Fprintf(os.Stderr, "gen-sdk: %v\n", err)
			os.Exit(1)
		}
		fmt.Printf("gen-sdk: %s: %d files in %s\n", language, n, filepath.Join(*outDir, language))
	}
}
