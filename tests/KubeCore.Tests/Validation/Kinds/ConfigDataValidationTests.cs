using KubeCore.Models;
using static KubeCore.Tests.Validation.Kinds.Fixtures;

namespace KubeCore.Tests.Validation.Kinds;

public class ConfigDataValidationTests
{
    private static ConfigMap Config(Dictionary<string, string> data, bool? immutable = null) =>
        new() { Metadata = new ObjectMeta { Name = "app-config", Namespace = "default" }, Data = data, Immutable = immutable };

    private static Secret TlsSecret(Dictionary<string, byte[]> data) =>
        new() { Metadata = new ObjectMeta { Name = "tls", Namespace = "default" }, Type = "kubernetes.io/tls", Data = data };

    [Fact]
    public void Realistic_config_map_is_valid()
    {
        Assert.Empty(Errors(Config(new() { ["app.properties"] = "mode=prod", ["LOG_LEVEL"] = "info", ["feature-flags"] = "a,b" })));
    }

    [Fact]
    public void Config_map_key_must_be_a_config_key()
    {
        Assert.Equal(["data[my key]: Invalid value: \"my key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"],
            Errors(Config(new() { ["my key"] = "x" })));
    }

    [Fact]
    public void Config_map_key_may_not_start_with_two_dots()
    {
        Assert.Equal(["data[..secret]: Invalid value: \"..secret\": must not start with '..'"], Errors(Config(new() { ["..secret"] = "x" })));
    }

    [Fact]
    public void Config_map_larger_than_one_mebibyte_is_too_long()
    {
        Assert.Equal([": Too long: may not be more than 1048576 bytes"], Errors(Config(new() { ["big"] = new string('x', 1024 * 1024 + 1) })));
    }

    [Fact]
    public void Immutable_config_map_data_cannot_change()
    {
        var current = Config(new() { ["a"] = "1" }, immutable: true);
        var updated = Config(new() { ["a"] = "2" }, immutable: true);
        Assert.Equal(["data: Forbidden: field is immutable when `immutable` is set"], UpdateErrors(updated, current));
    }

    [Fact]
    public void Immutable_flag_cannot_be_unset()
    {
        var current = Config(new() { ["a"] = "1" }, immutable: true);
        Assert.Equal(["immutable: Forbidden: field is immutable when `immutable` is set"], UpdateErrors(current with { Immutable = false }, current));
    }

    [Fact]
    public void Mutable_config_map_data_can_change()
    {
        Assert.Empty(UpdateErrors(Config(new() { ["a"] = "2" }), Config(new() { ["a"] = "1" })));
    }

    [Fact]
    public void Realistic_tls_secret_is_valid()
    {
        Assert.Empty(Errors(TlsSecret(new() { ["tls.crt"] = [1, 2], ["tls.key"] = [3, 4] })));
    }

    [Fact]
    public void Tls_secret_needs_a_certificate_and_key()
    {
        Assert.Equal(["data[tls.key]: Required value"], Errors(TlsSecret(new() { ["tls.crt"] = [1, 2] })));
    }

    [Fact]
    public void Secret_type_is_immutable()
    {
        var current = new Secret { Metadata = new ObjectMeta { Name = "s" }, Type = "Opaque" };
        Assert.Equal(["type: Invalid value: \"example.com/token\": field is immutable"], UpdateErrors(current with { Type = "example.com/token" }, current));
    }

    [Fact]
    public void Immutable_secret_data_cannot_change()
    {
        var current = new Secret { Metadata = new ObjectMeta { Name = "s" }, Immutable = true, Data = new Dictionary<string, byte[]> { ["k"] = [1] } };
        Assert.Equal(["data: Forbidden: field is immutable when `immutable` is set"],
            UpdateErrors(current with { Data = new Dictionary<string, byte[]> { ["k"] = [2] } }, current));
    }
}
