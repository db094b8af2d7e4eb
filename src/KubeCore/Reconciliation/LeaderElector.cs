using KubeCore.Api;
using KubeCore.Client;
using KubeCore.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeCore.Reconciliation;

/// <summary>
/// Leader election over a <c>coordination.k8s.io/v1</c> Lease, with client-go's semantics: a candidate acquires the
/// lease when it is free or expired (<c>renewTime + leaseDurationSeconds</c> has passed on the clock), the leader renews
/// every <c>RetryPeriod</c> and gives up if it cannot renew within <c>RenewDeadline</c>. Every write is a
/// compare-and-swap on <c>resourceVersion</c>, so two candidates never both lead; a takeover increments
/// <c>leaseTransitions</c>.
/// </summary>
public sealed class LeaderElector
{
    private readonly ResourceClient<Lease> _leases;
    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile bool _isLeader;
    private volatile string? _observedLeader;

    /// <summary>Creates a candidate.</summary>
    public LeaderElector(KubeClient client, LeaderElectionOptions options, TimeProvider timeProvider, ILogger<LeaderElector>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _leases = client.Leases(options.LeaseNamespace);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>This candidate's identity.</summary>
    public string Identity => _options.Identity;

    /// <summary>Whether this candidate currently leads.</summary>
    public bool IsLeader => _isLeader;

    /// <summary>The holder last observed in the lease (null before the first read).</summary>
    public string? Leader => _observedLeader;

    /// <summary>Called when this candidate becomes leader; the token is cancelled when it stops leading.</summary>
    public Action<CancellationToken>? OnStartedLeading { get; set; }

    /// <summary>Called when this candidate stops leading (lost the lease, or stopped).</summary>
    public Action? OnStoppedLeading { get; set; }

    /// <summary>Called when the observed leader changes, with the new holder's identity.</summary>
    public Action<string>? OnNewLeader { get; set; }

    /// <summary>
    /// Competes for the lease until <paramref name="cancellationToken"/> is cancelled: acquire, lead while renewals
    /// succeed, and after losing the lease compete again. Releases the lease on the way out when
    /// <see cref="LeaderElectionOptions.ReleaseOnCancel"/> is set.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!await AcquireAsync(cancellationToken).ConfigureAwait(false)) return;
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _isLeader = true;
            _logger.LogInformation("{Identity} acquired lease {Namespace}/{Lease}", Identity, _options.LeaseNamespace, _options.LeaseName);
            Invoke(() => OnStartedLeading?.Invoke(leading.Token));
            try
            {
                await RenewAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _isLeader = false;
                await leading.CancelAsync().ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested && _options.ReleaseOnCancel) await ReleaseAsync().ConfigureAwait(false);
                _logger.LogInformation("{Identity} stopped leading {Namespace}/{Lease}", Identity, _options.LeaseNamespace, _options.LeaseName);
                Invoke(() => OnStoppedLeading?.Invoke());
            }
        }
    }

    /// <summary>Retries every RetryPeriod until the lease is ours; false when cancelled.</summary>
    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false)) return true;
            if (!await DelayAsync(_options.RetryPeriod, cancellationToken).ConfigureAwait(false)) return false;
        }
    }

    /// <summary>Renews every RetryPeriod; returns when a renewal could not succeed within RenewDeadline, or when cancelled.</summary>
    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        var lastRenew = _time.GetTimestamp();
        while (true)
        {
            if (!await DelayAsync(_options.RetryPeriod, cancellationToken).ConfigureAwait(false)) return;
            if (await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false))
            {
                lastRenew = _time.GetTimestamp();
                continue;
            }
            if (_observedLeader != Identity || _time.GetElapsedTime(lastRenew) >= _options.RenewDeadline)
            {
                _logger.LogWarning("{Identity} failed to renew lease {Namespace}/{Lease}", Identity, _options.LeaseNamespace, _options.LeaseName);
                return;
            }
        }
    }

    /// <summary>One attempt: create the lease, renew it if ours, or take it over if free or expired (CAS on resourceVersion).</summary>
    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = MicroTime.Now(_time);
        var durationSeconds = (int)Math.Ceiling(_options.LeaseDuration.TotalSeconds);
        try
        {
            var lease = await _leases.TryGetAsync(_options.LeaseName, cancellationToken).ConfigureAwait(false);
            if (lease is null)
            {
                await _leases.CreateAsync(new Lease
                {
                    Metadata = new ObjectMeta { Name = _options.LeaseName, Namespace = _options.LeaseNamespace },
                    Spec = new LeaseSpec
                    {
                        HolderIdentity = Identity, LeaseDurationSeconds = durationSeconds,
                        AcquireTime = now, RenewTime = now, LeaseTransitions = 0,
                    },
                }, null, cancellationToken).ConfigureAwait(false);
                Observe(Identity);
                return true;
            }

            var spec = lease.Spec ?? new LeaseSpec();
            var holder = spec.HolderIdentity ?? "";
            Observe(holder);
            var ours = holder == Identity;
            if (!ours && holder.Length > 0 && !Expired(spec, now)) return false;

            var updated = lease with
            {
                Spec = spec with
                {
                    HolderIdentity = Identity,
                    LeaseDurationSeconds = durationSeconds,
                    RenewTime = now,
                    AcquireTime = ours ? spec.AcquireTime ?? now : now,
                    LeaseTransitions = ours ? spec.LeaseTransitions ?? 0 : (spec.LeaseTransitions ?? 0) + 1,
                },
            };
            await _leases.UpdateAsync(updated, null, cancellationToken).ConfigureAwait(false); // carries the read resourceVersion: CAS
            Observe(Identity);
            return true;
        }
        catch (Exception e) when (e is ConflictException or AlreadyExistsException)
        {
            return false; // another candidate wrote first
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e)
        {
            _logger.LogError(e, "{Identity} failed to acquire or renew lease {Namespace}/{Lease}", Identity, _options.LeaseNamespace, _options.LeaseName);
            return false;
        }
    }

    private static bool Expired(LeaseSpec spec, MicroTime now) =>
        spec.RenewTime is not { } renewed || renewed.Value + TimeSpan.FromSeconds(spec.LeaseDurationSeconds ?? 0) <= now.Value;

    private async Task ReleaseAsync()
    {
        try
        {
            var lease = await _leases.TryGetAsync(_options.LeaseName).ConfigureAwait(false);
            if (lease?.Spec?.HolderIdentity != Identity) return;
            var now = MicroTime.Now(_time);
            await _leases.UpdateAsync(lease with
            {
                Spec = lease.Spec with { HolderIdentity = null, LeaseDurationSeconds = 1, AcquireTime = now, RenewTime = now },
            }).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "{Identity} failed to release lease {Namespace}/{Lease}", Identity, _options.LeaseNamespace, _options.LeaseName);
        }
    }

    private void Observe(string holder)
    {
        if (holder.Length == 0 || holder == _observedLeader) return;
        _observedLeader = holder;
        Invoke(() => OnNewLeader?.Invoke(holder));
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Invoke(Action callback)
    {
        try { callback(); }
        catch (Exception e) { _logger.LogError(e, "A leader election callback of {Identity} threw", Identity); }
    }
}
