// kubecore: the command line. `serve` arrives with issue 4.
return 0;
