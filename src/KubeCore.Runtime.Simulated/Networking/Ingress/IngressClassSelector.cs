namespace KubeCore.Runtime.Simulated.Networking.Ingress;

using KubeCore.Models;

/// <summary>Decides which Ingresses a controller serves, by IngressClass (as ingress-nginx's store does).</summary>
internal static class IngressClassSelector
{
    /// <summary>The annotation marking an IngressClass as the cluster's default.</summary>
    public const string DefaultClassAnnotation = "ingressclass.kubernetes.io/is-default-class";
    /// <summary>The deprecated per-Ingress class annotation, from before <c>spec.ingressClassName</c>.</summary>
    public const string ClassAnnotation = "kubernetes.io/ingress.class";

    /// <summary>
    /// Whether the controller named <paramref name="controller"/> (whose own class is <paramref name="className"/>) serves
    /// <paramref name="ingress"/>, given every IngressClass of the cluster:
    /// <list type="number">
    /// <item><c>spec.ingressClassName</c> set: only if it names an IngressClass whose <c>spec.controller</c> is this controller.</item>
    /// <item>else the <c>kubernetes.io/ingress.class</c> annotation: only if it is <paramref name="className"/> or names one of this controller's IngressClasses.</item>
    /// <item>else (no class at all): only if one of this controller's IngressClasses carries <c>ingressclass.kubernetes.io/is-default-class: "true"</c>.</item>
    /// </list>
    /// </summary>
    public static bool Serves(Models.Ingress ingress, IEnumerable<IngressClass> classes, string controller, string className)
    {
        var ours = classes.Where(c => c.Spec?.Controller == controller).ToList();
        if (ingress.Spec?.IngressClassName is { } name)
            return ours.Any(c => c.Metadata.Name == name);
        if (ingress.Metadata.Annotations?.TryGetValue(ClassAnnotation, out var annotated) == true)
            return annotated == className || ours.Any(c => c.Metadata.Name == annotated);
        return ours.Any(IsDefault);
    }

    /// <summary>Whether the class is marked as the cluster's default.</summary>
    public static bool IsDefault(IngressClass c) =>
        c.Metadata.Annotations?.TryGetValue(DefaultClassAnnotation, out var v) == true && v == "true";
}
