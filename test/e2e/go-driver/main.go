// Command go-driver runs the Go example (examples/go, machine.Program) on one
// stack through the Automation API's inline mode, for test/e2e/go-program.test.ts:
// the program runs in this process, and every step is a run of the real
// `pulumi` CLI (found on PATH) against this process's language runtime server.
//
//	go-driver up|preview|refresh|destroy|bad-preview
//
// up, refresh and destroy print a JSON object {"outputs": {name: value}} (up
// only) with the CLI's stdout and stderr; preview runs with
// --expect-no-changes. bad-preview previews a program whose gaming
// assignment names the address "07:00" and prints the CLI's error. The exit
// status is 1 when the step fails.
//
// Environment: XSPCI_WORK_DIR (the workspace: Pulumi.yaml and stack config),
// XSPCI_STACK, XSPCI_PLUGIN_DIR (the folder holding
// pulumi-resource-xenserver-pci), XSPCI_HOST, XSPCI_PORT, XSPCI_HOST_KEY,
// XSPCI_SSH_KEY_FILE; and the CLI's own (PULUMI_BACKEND_URL,
// PULUMI_CONFIG_PASSPHRASE, PULUMI_HOME).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"example.com/pulumi-xenserver-pci/sdk/go/xenserverpci"
	"example.com/xenserver-pci-go/machine"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

const project = "xenserver-pci-go"

type result struct {
	Outputs map[string]any `json:"outputs,omitempty"`
	Stdout  string         `json:"stdout"`
	Stderr  string         `json:"stderr"`
	Error   string         `json:"error,omitempty"`
}

func env(name string) string {
	v := os.Getenv(name)
	if v == "" {
		fmt.Fprintf(os.Stderr, "go-driver: %s is not set\n", name)
		os.Exit(2)
	}
	return v
}

// badProgram declares the gaming VM's assignment with an address that is not one.
func badProgram(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	host, hostKey, port := cfg.Require("host"), cfg.Require("hostKey"), cfg.RequireInt("port")
	sshKey := cfg.RequireSecret("sshKey")
	gamingVM := machine.LookupVMUUID(ctx, sshKey, func(key string) xenserverpci.Connection {
		return xenserverpci.Connection{Host: host, Port: &port, PrivateKey: &key, HostKey: &hostKey}
	}, "Gaming")
	_, err := xenserverpci.NewPciAssignment(ctx, "gaming", &xenserverpci.PciAssignmentArgs{
		Connection: xenserverpci.ConnectionArgs{
			Host:       pulumi.String(host),
			Port:       pulumi.Int(port),
			PrivateKey: sshKey,
			HostKey:    pulumi.String(hostKey),
		},
		VmUuid:  gamingVM,
		Devices: pulumi.StringArray{pulumi.String("07:00")},
	})
	return err
}

func stack(ctx context.Context, program pulumi.RunFunc) (auto.Stack, error) {
	proj := workspace.Project{
		Name:    tokens.PackageName(project),
		Runtime: workspace.NewProjectRuntimeInfo("go", nil),
		Plugins: &workspace.Plugins{
			Providers: []workspace.PluginOptions{{Name: "xenserver-pci", Path: env("XSPCI_PLUGIN_DIR")}},
		},
	}
	s, err := auto.UpsertStackInlineSource(ctx, env("XSPCI_STACK"), project, program,
		auto.Project(proj), auto.WorkDir(env("XSPCI_WORK_DIR")))
	if err != nil {
		return s, err
	}
	key, err := os.ReadFile(env("XSPCI_SSH_KEY_FILE"))
	if err != nil {
		return s, err
	}
	err = s.SetAllConfig(ctx, auto.ConfigMap{
		"host":    {Value: env("XSPCI_HOST")},
		"port":    {Value: env("XSPCI_PORT")},
		"hostKey": {Value: env("XSPCI_HOST_KEY")},
		"sshKey":  {Value: string(key), Secret: true},
	})
	return s, err
}

func run(ctx context.Context, step string) (result, error) {
	var r result
	program := machine.Program
	if step == "bad-preview" {
		program = badProgram
	}
	s, err := stack(ctx, program)
	if err != nil {
		return r, err
	}
	switch step {
	case "up":
		res, err := s.Up(ctx, optup.SuppressProgress())
		r.Stdout, r.Stderr = res.StdOut, res.StdErr
		if err != nil {
			return r, err
		}
		r.Outputs = map[string]any{}
		for name, out := range res.Outputs {
			r.Outputs[name] = out.Value
		}
	case "preview":
		res, err := s.Preview(ctx, optpreview.ExpectNoChanges(), optpreview.SuppressProgress())
		r.Stdout, r.Stderr = res.StdOut, res.StdErr
		return r, err
	case "bad-preview":
		res, err := s.Preview(ctx, optpreview.SuppressProgress())
		r.Stdout, r.Stderr = res.StdOut, res.StdErr
		return r, err
	case "refresh":
		res, err := s.Refresh(ctx, optrefresh.SuppressProgress())
		r.Stdout, r.Stderr = res.StdOut, res.StdErr
		return r, err
	case "destroy":
		res, err := s.Destroy(ctx, optdestroy.SuppressProgress())
		r.Stdout, r.Stderr = res.StdOut, res.StdErr
		return r, err
	default:
		return r, fmt.Errorf("unknown step %q (up, preview, refresh, destroy, bad-preview)", step)
	}
	return r, nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go-driver up|preview|refresh|destroy|bad-preview")
		os.Exit(2)
	}
	r, err := run(context.Background(), os.Args[1])
	code := 0
	if err != nil {
		r.Error = err.Error()
		code = 1
	}
	out, _ := json.Marshal(r)
	fmt.Println(string(out))
	os.Exit(code)
}
