using P2PMarket.Cli;

return await CommandLineApp.RunAsync(args);
