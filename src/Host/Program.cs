using PacketCapture.Host.Cli;

return CommandLine.Run(args);
