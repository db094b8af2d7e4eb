namespace KubeCore.Scheduling.Framework;

/// <summary>Image name normalization as kube-scheduler does it: a name without tag or digest gets <c>:latest</c>.</summary>
public static class ImageNames
{
    /// <summary>The normalized image name.</summary>
    public static string Normalize(string name)
    {
        if (name.Contains('@')) return name;
        var lastSlash = name.LastIndexOf('/');
        return name.IndexOf(':', lastSlash + 1) >= 0 ? name : name + ":latest";
    }
}
