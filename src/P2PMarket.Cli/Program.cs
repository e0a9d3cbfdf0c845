Console.WriteLine("p2pmarket: under construction");
return 0;
