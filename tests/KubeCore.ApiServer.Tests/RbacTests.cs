using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Models;
using KubeCore.ApiServer.Security;

namespace KubeCore.ApiServer.Tests;

/// <summary>
/// Authentication and RBAC over HTTPS: an admin (token, system:masters) and jane (a client certificate from the
/// server's CA, or a token) talk to the server with the real kubectl and the official client; jane's access follows
/// the Roles and bindings in the store, and denials carry kube-apiserver's exact messages.
/// </summary>
public sealed class RbacTests : IAsyncLifetime
{
    private const string AdminToken = "admin-secret";
    private const string JaneToken = "jane-secret";
    private readonly string _dir = Directory.CreateTempSubdirectory("kubecore-rbac-").FullName;
    private KubeCluster _cluster = null!;
    private KubeApiServer _server = null!;
    private Kubectl _admin = null!, _jane = null!;
    private string _janeKubeconfig = null!;

    public async Task InitializeAsync()
    {
        _cluster = await KubeCluster.CreateBuilder().UseApiServer(o =>
        {
            o.Tls = new KubeApiServerTlsOptions();
            o.Authentication = new KubeAuthenticationOptions();
            o.Authentication.Tokens[AdminToken] = new KubeUser("admin", [KubeUser.MastersGroup]);
            o.Authentication.Tokens[JaneToken] = new KubeUser("jane", ["dev"]);
        }).StartAsync();
        _server = _cluster.GetApiServer();
        _admin = new Kubectl(WriteKubeconfig("admin", new Cli.Kubeconfig.Credentials("admin", Token: AdminToken)));
        using var janeCertificate = _server.CertificateAuthority!.IssueClientCertificate("jane", ["dev"]);
        _janeKubeconfig = WriteKubeconfig("jane", new Cli.Kubeconfig.Credentials("jane", janeCertificate.ExportCertificatePem(), KubeCertificateAuthority.ExportPrivateKeyPem(janeCertificate)));
        _jane = new Kubectl(_janeKubeconfig);
        await _admin.OkAsync("create namespace team-a");
        await _admin.OkAsync("create configmap cm1 -n team-a --from-literal=k=v");
        await _admin.OkAsync("create role cm-reader -n team-a --verb=get --resource=configmaps");
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        _jane.Dispose();
        await _cluster.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private string WriteKubeconfig(string name, Cli.Kubeconfig.Credentials credentials)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, Cli.Kubeconfig.For(_server.BaseAddress, certificateAuthorityPem: _server.CertificateAuthority!.CertificatePem, credentials: credentials));
        return path;
    }

    /// <summary>An HttpClient that trusts the server's CA only, sending <paramref name="token"/> if given.</summary>
    private HttpClient Http(string? token)
    {
        var ca = _server.CertificateAuthority!.Certificate;
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & ~System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors) != 0) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            },
        };
        var http = new HttpClient(handler) { BaseAddress = _server.BaseAddress };
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    [Fact]
    public async Task A_role_grants_get_only_once_bound_and_denials_say_what_kube_apiserver_says()
    {
        var (code, _, stderr) = await _jane.RunAsync("get configmap cm1 -n team-a");
        Assert.Equal(1, code);
        Assert.Contains("Error from server (Forbidden): configmaps \"cm1\" is forbidden: User \"jane\" cannot get resource \"configmaps\" in API group \"\" in the namespace \"team-a\"", stderr);
        Assert.Equal("no", (await _jane.RunAsync("auth can-i get configmaps -n team-a")).Stdout.Trim());

        Assert.Contains("rolebinding.rbac.authorization.k8s.io/jane-reads created", await _admin.OkAsync("create rolebinding jane-reads -n team-a --role=cm-reader --user=jane"));

        Assert.Equal("v", await _jane.OkAsync("get configmap cm1 -n team-a -o jsonpath={.data.k}"));
        var (canGet, yes, _) = await _jane.RunAsync("auth can-i get configmaps -n team-a");
        Assert.Equal((0, "yes"), (canGet, yes.Trim()));
        var (canList, no, _) = await _jane.RunAsync("auth can-i list configmaps -n team-a");
        Assert.Equal((1, "no"), (canList, no.Trim()));
        Assert.Equal("no", (await _jane.RunAsync("auth can-i get configmaps -n default")).Stdout.Trim());
        Assert.Equal("no", (await _jane.RunAsync("auth can-i create configmaps -n team-a")).Stdout.Trim());

        // Only get was granted: listing, other namespaces and cluster-scoped resources stay forbidden.
        (code, _, stderr) = await _jane.RunAsync("get configmaps -n team-a");
        Assert.Equal(1, code);
        Assert.Contains("configmaps is forbidden: User \"jane\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"team-a\"", stderr);
        (code, _, stderr) = await _jane.RunAsync("get nodes");
        Assert.Equal(1, code);
        Assert.Contains("nodes is forbidden: User \"jane\" cannot list resource \"nodes\" in API group \"\" at the cluster scope", stderr);
        (code, _, stderr) = await _jane.RunAsync("get deployments -n team-a");
        Assert.Equal(1, code);
        Assert.Contains("deployments.apps is forbidden: User \"jane\" cannot list resource \"deployments\" in API group \"apps\" in the namespace \"team-a\"", stderr);
    }

    [Fact]
    public async Task Forbidden_and_unauthorized_bodies_are_kubernetes_statuses()
    {
        using var jane = Http(JaneToken);
        using var log = await jane.GetAsync("api/v1/namespaces/team-a/pods/web/log");
        Assert.Equal(HttpStatusCode.Forbidden, log.StatusCode);
        var status = System.Text.Json.JsonDocument.Parse(await log.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Status", status.GetProperty("kind").GetString());
        Assert.Equal("Forbidden", status.GetProperty("reason").GetString());
        Assert.Equal(403, status.GetProperty("code").GetInt32());
        Assert.Equal("pods \"web\" is forbidden: User \"jane\" cannot get resource \"pods/log\" in API group \"\" in the namespace \"team-a\"", status.GetProperty("message").GetString());
        Assert.Equal("web", status.GetProperty("details").GetProperty("name").GetString());
        Assert.Equal("pods", status.GetProperty("details").GetProperty("kind").GetString());

        using var path = await jane.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.Forbidden, path.StatusCode);
        Assert.Contains("\"message\":\"forbidden: User \\u0022jane\\u0022 cannot get path \\u0022/metrics\\u0022\"", await path.Content.ReadAsStringAsync());

        // Discovery and the version are open to every authenticated user (the bootstrap system:discovery binding).
        using var version = await jane.GetAsync("version");
        Assert.Equal(HttpStatusCode.OK, version.StatusCode);

        foreach (var token in new[] { "wrong", null })
        {
            using var anonymous = Http(token);
            using var response = await anonymous.GetAsync("api/v1/namespaces");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("""{"apiVersion":"v1","kind":"Status","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}""",
                await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task The_csharp_client_authenticates_with_a_certificate_or_a_token_and_sees_the_same_decisions()
    {
        using var byCertificate = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_janeKubeconfig));
        var e = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => byCertificate.CoreV1.ReadNamespacedConfigMapAsync("cm1", "team-a"));
        Assert.Equal(HttpStatusCode.Forbidden, e.Response.StatusCode);

        var binding = new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "devs-read", NamespaceProperty = "team-a" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "cm-reader" },
            Subjects = [new Rbacv1Subject { Kind = "Group", ApiGroup = "rbac.authorization.k8s.io", Name = "dev" }],
        };
        using var admin = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Path.Combine(_dir, "admin")));
        await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(binding, "team-a");

        Assert.Equal("v", (await byCertificate.CoreV1.ReadNamespacedConfigMapAsync("cm1", "team-a")).Data["k"]);
        var byToken = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(WriteKubeconfig("jane-token", new Cli.Kubeconfig.Credentials("jane", Token: JaneToken))));
        using (byToken) Assert.Equal("v", (await byToken.CoreV1.ReadNamespacedConfigMapAsync("cm1", "team-a")).Data["k"]);

        var review = await byCertificate.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(new V1SelfSubjectAccessReview
        {
            Spec = new V1SelfSubjectAccessReviewSpec { ResourceAttributes = new V1ResourceAttributes { Verb = "get", Resource = "configmaps", NamespaceProperty = "team-a" } },
        });
        Assert.True(review.Status.Allowed);
        Assert.Equal("RBAC: allowed by RoleBinding \"devs-read/team-a\" of Role \"cm-reader\" to Group \"dev\"", review.Status.Reason);

        var whoami = await byCertificate.AuthenticationV1.CreateSelfSubjectReviewAsync(new V1SelfSubjectReview());
        Assert.Equal("jane", whoami.Status.UserInfo.Username);
        Assert.Equal(["dev", "system:authenticated"], whoami.Status.UserInfo.Groups);
    }

    [Fact]
    public async Task A_certificate_from_another_ca_is_unauthorized()
    {
        using var otherCa = KubeCertificateAuthority.Create("someone-else");
        using var forged = otherCa.IssueClientCertificate("admin", [KubeUser.MastersGroup]);
        var kubeconfig = WriteKubeconfig("forged", new Cli.Kubeconfig.Credentials("admin", forged.ExportCertificatePem(), KubeCertificateAuthority.ExportPrivateKeyPem(forged)));
        using var kubectl = new Kubectl(kubeconfig);
        var (code, _, stderr) = await kubectl.RunAsync("get namespaces");
        Assert.Equal(1, code);
        Assert.Contains("error: You must be logged in to the server (the server has asked for the client to provide credentials)", stderr);
    }
}
