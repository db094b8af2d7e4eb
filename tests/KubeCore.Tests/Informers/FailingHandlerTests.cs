using KubeCore.Informers;
using KubeCore.Models;
using KubeCore.Tests.Api;
using Microsoft.Extensions.Logging;

namespace KubeCore.Tests.Informers;

public class FailingHandlerTests : ClusterTest
{
    private sealed class CapturingLogger : ILogger<SharedInformerFactory>
    {
        public List<(LogLevel Level, string Message, Exception? Error)> Entries { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries) Entries.Add((logLevel, formatter(state, exception), exception));
        }
    }

    [Fact]
    public async Task A_failing_handler_is_logged_and_the_other_handlers_still_receive_events()
    {
        var logger = new CapturingLogger();
        await using var factory = new SharedInformerFactory(Client, Time, default, logger);
        var informer = factory.GetInformer<ConfigMap>("default");
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        informer.AddEventHandler(onAdd: _ => throw new InvalidOperationException("handler bug"));
        informer.AddEventHandler(onAdd: c => received.TrySetResult(c.Metadata.Name!));
        factory.Start();
        await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(10));

        await Client.ConfigMaps("default").CreateAsync(ConfigMap("c"));

        Assert.Equal("c", await received.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        lock (logger.Entries)
        {
            var entry = Assert.Single(logger.Entries);
            Assert.Equal(LogLevel.Error, entry.Level);
            Assert.Contains("ConfigMap informer handler failed on add of default/c", entry.Message);
            Assert.IsType<InvalidOperationException>(entry.Error);
        }
    }
}
