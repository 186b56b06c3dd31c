// Package machine is the seed's machine, one XenServer host running a NAS, a
// gaming VM and a TV recorder, declared with the xenserver-pci provider's Go
// SDK:
//   - the NAS's storage controller (01:00.0) is hidden from dom0 at boot;
//   - the NAS gets the controller and the Atheros NIC (06:00.0), in that order,
//     bound to the cards' vendor:device ids;
//   - the gaming VM gets the GPU (07:00.0) with its audio function (07:00.1).
//
// The VMs are looked up by name on the host (GetVm), so the program holds no
// UUIDs. Stack config: host, port (default 22), user (default root),
// hostKey, sshKey (secret).
package machine

import (
	"example.com/pulumi-xenserver-pci/sdk/go/xenserverpci"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// Program declares the machine's passthrough.
func Program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	port := cfg.GetInt("port")
	if port == 0 {
		port = 22
	}
	user := cfg.Get("user")
	if user == "" {
		user = "root"
	}
	host, hostKey := cfg.Require("host"), cfg.Require("hostKey")
	sshKey := cfg.RequireSecret("sshKey")
	connection := xenserverpci.ConnectionArgs{
		Host:       pulumi.String(host),
		Port:       pulumi.Int(port),
		User:       pulumi.String(user),
		PrivateKey: sshKey,
		HostKey:    pulumi.String(hostKey),
	}
	vmUUID := func(name string) pulumi.StringOutput {
		return LookupVMUUID(ctx, sshKey, func(key string) xenserverpci.Connection {
			return xenserverpci.Connection{Host: host, Port: &port, User: &user, PrivateKey: &key, HostKey: &hostKey}
		}, name)
	}
	nasVM, gamingVM := vmUUID("NAS"), vmUUID("Gaming")

	// Never let dom0 see the NAS's storage controller.
	hba, err := xenserverpci.NewHiddenPciDevice(ctx, "nas-hba", &xenserverpci.HiddenPciDeviceArgs{
		Connection: connection,
		Address:    pulumi.String("01:00.0"),
		DeviceId:   pulumi.String("1000:0072"),
	})
	if err != nil {
		return err
	}

	// Give the NAS VM the controller (LSI SAS2008) and the NIC (Atheros AR8131), in this order.
	nas, err := xenserverpci.NewPciAssignment(ctx, "nas", &xenserverpci.PciAssignmentArgs{
		Connection: connection,
		VmUuid:     nasVM,
		Devices:    pulumi.StringArray{pulumi.String("01:00.0"), pulumi.String("06:00.0")},
		DeviceIds:  pulumi.StringArray{pulumi.String("1000:0072"), pulumi.String("1969:1063")},
	}, pulumi.DependsOn([]pulumi.Resource{hba}))
	if err != nil {
		return err
	}

	// Give the gaming VM the GPU with every function of the device.
	gaming, err := xenserverpci.NewPciAssignment(ctx, "gaming", &xenserverpci.PciAssignmentArgs{
		Connection: connection,
		VmUuid:     gamingVM,
		Devices:    pulumi.StringArray{pulumi.String("07:00.0"), pulumi.String("07:00.1")},
	})
	if err != nil {
		return err
	}

	ctx.Export("nasPciValue", nas.PciValue)
	ctx.Export("nasNeedsColdBoot", nas.PendingColdBoot)
	ctx.Export("gamingNeedsColdBoot", gaming.PendingColdBoot)
	ctx.Export("hostNeedsReboot", hba.PendingHostReboot)
	return nil
}

// LookupVMUUID looks a VM up by name-label with GetVm and returns its UUID
// (not secret: a UUID holds no credential).
//
// GetVmOutput would be the usual call, but with a secret in its arguments
// (the private key) the Go SDK (v3.259.0) sends the function no arguments at
// all: it marshals the arguments as one secret value, which is not an
// object, and an invoke's arguments are only taken from an object. So the
// plain GetVm runs inside an apply of the secret key, and the UUID is
// unwrapped from the apply's secrecy.
func LookupVMUUID(
	ctx *pulumi.Context, key pulumi.StringOutput, connection func(key string) xenserverpci.Connection, nameLabel string,
) pulumi.StringOutput {
	uuid := key.ApplyT(func(key string) (string, error) {
		vm, err := xenserverpci.GetVm(ctx, &xenserverpci.GetVmArgs{Connection: connection(key), NameLabel: nameLabel})
		if err != nil {
			return "", err
		}
		return vm.Uuid, nil
	}).(pulumi.StringOutput)
	return pulumi.Unsecret(uuid).(pulumi.StringOutput)
}
