using KubeCore.Storage;
using KubeCore.Storage.Conformance;
using KubeCore.Storage.Memory;

namespace KubeCore.Tests.Storage;

/// <summary>Runs the storage conformance suite against the in-memory backend with its default options.</summary>
public sealed class InMemoryStorageConformanceTests : StorageConformanceTests
{
    protected override Task<IStorageBackend> CreateBackendAsync() => Task.FromResult<IStorageBackend>(new InMemoryStorageBackend());
}
