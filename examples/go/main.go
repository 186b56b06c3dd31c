// Command xenserver-pci-go runs machine.Program, the seed's machine in Go.
package main

import (
	"example.com/xenserver-pci-go/machine"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(machine.Program)
}
