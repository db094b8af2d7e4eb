// The seed story (notes 000 and 004) on virtual time. Being written; see issue 3.
System.Console.WriteLine("hello-k8s demo: coming together");
