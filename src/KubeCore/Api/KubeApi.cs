using KubeCore.Models;
using KubeCore.Patching.Apply;
using KubeCore.Storage;
using KubeCore.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeCore.Api;

/// <summary>
/// The API semantics every caller goes through — the typed client, the HTTP API server and the controllers:
/// create, get, list, watch, update, status, scale, patch and delete with Kubernetes' rules (uid, generateName,
/// resourceVersion preconditions, generation, finalizers and deletionTimestamp, grace periods, propagation policy,
/// defaulting, admission, validation, dry-run), over any <see cref="IStorageBackend"/>.
/// </summary>
public sealed partial class KubeApi : IAsyncDisposable
{
    private readonly IStorageBackend _storage;
    private readonly TimeProvider _time;
    private readonly KubeApiOptions _options;
    private readonly IReadOnlyList<IMutatingAdmissionPlugin> _mutating;
    private readonly IReadOnlyList<IValidatingAdmissionPlugin> _validating;
    private readonly ILogger _logger;
    private readonly Random _random;

    /// <summary>Creates the API layer over a storage backend.</summary>
    public KubeApi(
        IStorageBackend storage,
        ResourceRegistry registry,
        TimeProvider? timeProvider = null,
        KubeApiOptions? options = null,
        IEnumerable<IMutatingAdmissionPlugin>? mutatingAdmission = null,
        IEnumerable<IValidatingAdmissionPlugin>? validatingAdmission = null,
        ILogger<KubeApi>? logger = null)
    {
        _storage = storage ?? throw new ArgumentNullException(nameof(storage));
        Registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _time = timeProvider ?? TimeProvider.System;
        _options = options ?? new KubeApiOptions();
        // Built-in admission first (as kube-apiserver orders its plugins), then the user's.
        _mutating = [new Admission.PriorityAdmission(this), new Admission.DefaultTolerationSecondsAdmission(_options), .. mutatingAdmission ?? []];
        _validating = validatingAdmission?.ToArray() ?? [];
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _random = _options.RandomSeed is { } seed ? new Random(seed) : Random.Shared;
        _serviceAllocator = new Services.ServiceAllocator(_options.ServiceNetwork, _random);
    }

    /// <summary>The resources this API serves.</summary>
    public ResourceRegistry Registry { get; }

    /// <summary>The storage backend behind this API.</summary>
    public IStorageBackend Storage => _storage;

    /// <summary>The clock used for timestamps and grace periods.</summary>
    public TimeProvider TimeProvider => _time;

    /// <summary>Creates an object, returning it as stored (with uid, creationTimestamp, resourceVersion, …).</summary>
    /// <exception cref="AlreadyExistsException">An object with that name exists.</exception>
    /// <exception cref="InvalidException">The object is invalid.</exception>
    /// <exception cref="NotFoundException">The namespace does not exist.</exception>
    /// <exception cref="ForbiddenException">The namespace is terminating.</exception>
    public ValueTask<KubeObject> CreateAsync(ResourceDefinition resource, string? @namespace, KubeObject obj,
        CreateOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(obj);
        var manager = ResolveFieldManager(options?.FieldManager, "CreateOptions");
        return CreateCoreAsync(resource, @namespace, obj, options?.DryRun == true,
            new FieldManagerIdentity(manager, ManagedFieldsOperation.Update, resource.ApiVersion, ""), null, cancellationToken);
    }

    /// <summary>The create path; <paramref name="applied"/> is the field set of an apply that creates the object.</summary>
    private async ValueTask<KubeObject> CreateCoreAsync(ResourceDefinition resource, string? @namespace, KubeObject obj, bool dryRun,
        FieldManagerIdentity who, Patching.Apply.FieldSet? applied, CancellationToken cancellationToken)
    {
        var ns = ResolveNamespace(resource, @namespace, obj);
        var meta = obj.Metadata;
        var generated = string.IsNullOrEmpty(meta.Name) && !string.IsNullOrEmpty(meta.GenerateName);
        CheckKind(resource, obj);
        // managedFields go into the one metadata copy below; a whole-object entry is bound to the final object at the end.
        var managedFields = applied is not null ? [who.Entry(new FieldsV1(applied), KubeTime.Now(_time))]
            : _options.TrackManagedFields ? CreateEntries(resource, meta, who) ?? meta.ManagedFields : meta.ManagedFields;
        var trackRequested = applied is null && _options.TrackManagedFields && ReferenceEquals(managedFields, meta.ManagedFields) && meta.ManagedFields is { Count: > 0 };

        // Server-owned metadata in one copy, before the strategies so they can derive from the uid (a Job's selector).
        obj = obj with
        {
            ApiVersion = resource.ApiVersion,
            Kind = resource.Kind,
            Metadata = meta with
            {
                Name = generated ? GenerateName(meta.GenerateName!) : meta.Name,
                Namespace = ns,
                Uid = NewUid(),
                CreationTimestamp = KubeTime.Now(_time),
                ResourceVersion = null,
                Generation = resource.Strategy.TracksGeneration(obj) ? 1 : null,
                DeletionTimestamp = null,
                DeletionGracePeriodSeconds = null,
                ManagedFields = managedFields,
            },
        };
        if (resource.HasSubresource("status") && resource.Strategy.ResetStatusOnCreate) obj = ClearStatus(obj);
        obj = resource.Strategy.PrepareForCreate(obj);
        obj = resource.Strategy.ApplyDefaults(obj).WithEmptySpecAndStatus();

        var name = obj.Metadata.Name ?? "";
        obj = await AdmitAsync(AdmissionOperation.Create, resource, "", ns, name, obj, null, dryRun, cancellationToken).ConfigureAwait(false);
        ThrowIfInvalid(resource, obj, ObjectMetaValidation.Validate(resource, obj.Metadata), resource.Strategy.Validate(obj));
        await ValidateAdmissionAsync(AdmissionOperation.Create, resource, "", ns, name, obj, null, dryRun, cancellationToken).ConfigureAwait(false);
        if (resource.Namespaced) await EnsureNamespaceAcceptsContentAsync(resource, ns!, name, cancellationToken).ConfigureAwait(false);
        (obj, var allocation) = await AllocateServiceCreateAsync(resource, obj, dryRun, cancellationToken).ConfigureAwait(false);
        if (trackRequested) obj = TrackCreateWithRequestedEntries(resource, obj, who);
        else if (applied is null) obj = BindCreated(obj);

        for (var attempt = 0; ; attempt++)
        {
            var key = resource.KeyFor(ns, obj.Metadata.Name!);
            if (dryRun)
            {
                if (await _storage.GetAsync(key, cancellationToken).ConfigureAwait(false) is not null)
                    throw ApiErrors.AlreadyExists(resource.GroupResource, obj.Metadata.Name!);
                return obj;
            }
            try
            {
                var entry = await _storage.CreateAsync(key, obj, cancellationToken).ConfigureAwait(false);
                RebindWholeObject(entry.Value);
                return Track(resource, entry);
            }
            catch (Exception e) when (!(e is StorageKeyExistsException && generated && attempt < MaxGenerateNameAttempts) && RevertOnFailure(allocation))
            {
                throw;
            }
            catch (StorageKeyExistsException) when (generated && attempt < MaxGenerateNameAttempts)
            {
                obj = obj with { Metadata = obj.Metadata with { Name = GenerateName(obj.Metadata.GenerateName!) } };
            }
            catch (StorageKeyExistsException)
            {
                throw ApiErrors.AlreadyExists(resource.GroupResource, obj.Metadata.Name!);
            }
        }
    }

    /// <summary>Reads one object at its latest state.</summary>
    /// <exception cref="NotFoundException">It does not exist.</exception>
    public async ValueTask<KubeObject> GetAsync(ResourceDefinition resource, string? @namespace, string name,
        GetOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        CheckNamespace(resource, @namespace);
        var entry = await _storage.GetAsync(resource.KeyFor(@namespace, name), cancellationToken).ConfigureAwait(false);
        return entry?.Value ?? throw ApiErrors.NotFound(resource.GroupResource, name);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_caches is not null) await _caches.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// A random (version 4) UUID from this API's random source: uids need uniqueness, not cryptographic strength, and
    /// the OS generator behind <see cref="Guid.NewGuid"/> costs more than the rest of a create. Seeded APIs give
    /// reproducible uids.
    /// </summary>
    private string NewUid()
    {
        Span<byte> bytes = stackalloc byte[16];
        if (ReferenceEquals(_random, Random.Shared)) _random.NextBytes(bytes);
        else lock (_random) _random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (Guid stores the version in byte 7, little-endian)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes).ToString();
    }

    private const int MaxGenerateNameAttempts = 8;
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private string GenerateName(string prefix)
    {
        // Kubernetes: prefix (truncated so the result stays within 63 characters) plus five random characters.
        if (prefix.Length > 58) prefix = prefix[..58];
        return string.Create(prefix.Length + 5, (prefix, _random), static (span, state) =>
        {
            state.prefix.AsSpan().CopyTo(span);
            if (ReferenceEquals(state._random, Random.Shared))
            {
                for (var i = state.prefix.Length; i < span.Length; i++) span[i] = NameAlphabet[Random.Shared.Next(NameAlphabet.Length)];
                return;
            }
            lock (state._random)
            {
                for (var i = state.prefix.Length; i < span.Length; i++) span[i] = NameAlphabet[state._random.Next(NameAlphabet.Length)];
            }
        });
    }

    private static KubeObject ClearStatus(KubeObject obj) =>
        obj.HasStatus ? obj.WithStatusFrom(EmptyStatusSource(obj)) : obj;

    // One blank instance per kind, whose (null) status is copied over on create.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, KubeObject> s_blank = new();

    private static KubeObject EmptyStatusSource(KubeObject obj) =>
        s_blank.GetOrAdd(obj.GetType(), static t => (KubeObject)Activator.CreateInstance(t)!);

    /// <summary>Fills apiVersion/kind, checks the kind and the namespace against the request.</summary>
    private static KubeObject Normalize(ResourceDefinition resource, string? @namespace, KubeObject obj)
    {
        CheckKind(resource, obj);
        var ns = ResolveNamespace(resource, @namespace, obj);
        if (obj.Kind == resource.Kind && obj.ApiVersion == resource.ApiVersion && obj.Metadata.Namespace == ns) return obj;
        return obj with { ApiVersion = resource.ApiVersion, Kind = resource.Kind, Metadata = obj.Metadata with { Namespace = ns } };
    }

    private static void CheckKind(ResourceDefinition resource, KubeObject obj)
    {
        if (!string.IsNullOrEmpty(obj.Kind) && obj.Kind != resource.Kind)
            throw ApiErrors.BadRequest($"the kind \"{obj.Kind}\" of the object does not match the resource {resource.GroupResource} (kind \"{resource.Kind}\")");
        if (!string.IsNullOrEmpty(obj.ApiVersion) && obj.ApiVersion != resource.ApiVersion)
            throw ApiErrors.BadRequest($"the API version \"{obj.ApiVersion}\" of the object does not match the resource {resource.GroupResource} ({resource.ApiVersion})");
    }

    /// <summary>The namespace an object goes to: the request's, which the object's must agree with; none when cluster-scoped.</summary>
    private static string? ResolveNamespace(ResourceDefinition resource, string? @namespace, KubeObject obj)
    {
        if (!resource.Namespaced) return null;
        var meta = obj.Metadata;
        var ns = string.IsNullOrEmpty(@namespace) ? meta.Namespace : @namespace;
        if (string.IsNullOrEmpty(ns)) throw ApiErrors.BadRequest("namespace is required for namespaced resource " + resource.GroupResource);
        if (!string.IsNullOrEmpty(meta.Namespace) && meta.Namespace != ns)
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        return ns;
    }

    private static void CheckNamespace(ResourceDefinition resource, string? @namespace)
    {
        if (resource.Namespaced && string.IsNullOrEmpty(@namespace))
            throw ApiErrors.BadRequest("namespace is required for namespaced resource " + resource.GroupResource);
    }

    private async ValueTask EnsureNamespaceAcceptsContentAsync(ResourceDefinition resource, string ns, string name, CancellationToken cancellationToken)
    {
        var entry = await _storage.GetAsync(NamespaceKeyPrefix + ns, cancellationToken).ConfigureAwait(false);
        if (entry is null) throw ApiErrors.NotFound(new GroupResource("", "namespaces"), ns);
        if (entry.Value.Metadata.DeletionTimestamp is not null)
            throw ApiErrors.Forbidden(resource.GroupResource, name, $"unable to create new content in namespace {ns} because it is being terminated");
    }

    private const string NamespaceKeyPrefix = "/registry/namespaces/";

    private static void ThrowIfInvalid(ResourceDefinition resource, KubeObject obj, IEnumerable<FieldError> errors, IEnumerable<FieldError>? more = null)
    {
        // Valid objects come back as empty collections: no enumerator is allocated on the hot path.
        if (errors is IReadOnlyCollection<FieldError> { Count: 0 } && (more is null || more is IReadOnlyCollection<FieldError> { Count: 0 })) return;
        var list = errors.Concat(more ?? []).ToList();
        if (list.Count == 0) return;
        var name = obj.Metadata.Name ?? obj.Metadata.GenerateName ?? "";
        throw ApiErrors.Invalid(resource.GroupKind, name, list.Select(e => e.ToStatusCause()).ToArray());
    }

    private async ValueTask<KubeObject> AdmitAsync(AdmissionOperation operation, ResourceDefinition resource, string subresource,
        string? ns, string name, KubeObject obj, KubeObject? old, bool dryRun, CancellationToken cancellationToken)
    {
        if (_mutating.Count == 0) return obj;
        foreach (var plugin in _mutating)
            obj = await plugin.AdmitAsync(new AdmissionRequest(operation, resource, subresource, ns, name, obj, old, dryRun), cancellationToken).ConfigureAwait(false);
        return obj;
    }

    private async ValueTask ValidateAdmissionAsync(AdmissionOperation operation, ResourceDefinition resource, string subresource,
        string? ns, string name, KubeObject? obj, KubeObject? old, bool dryRun, CancellationToken cancellationToken)
    {
        if (_validating.Count == 0) return;
        var request = new AdmissionRequest(operation, resource, subresource, ns, name, obj, old, dryRun);
        foreach (var plugin in _validating) await plugin.ValidateAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
