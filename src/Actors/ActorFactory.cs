using Akka.Actor;

namespace PacketCapture.Actors;

/// <summary>
/// Props that make an actor with a plain delegate. <c>Props.Create(() =&gt; new T(a, b))</c> parses
/// the expression and compiles each captured argument into a dynamic method on every call; for
/// actors created per capture and endpoint (thousands at once) that compile, and the finalizers
/// of the dynamic methods it leaves behind, cost more CPU than the actors' own start
/// (measured in the 1,000-capture benchmark). Local actors only: the delegate cannot cross the network.
/// </summary>
public static class ActorFactory
{
    /// <summary>Props whose actors are made by <paramref name="create"/>.</summary>
    public static Props Props<T>(Func<T> create)
        where T : ActorBase
    {
        ArgumentNullException.ThrowIfNull(create);
        return Akka.Actor.Props.CreateBy(new Producer<T>(create));
    }

    private sealed class Producer<T>(Func<T> create) : IIndirectActorProducer
        where T : ActorBase
    {
        public Type ActorType => typeof(T);

        public ActorBase Produce() => create();

        public void Release(ActorBase actor)
        {
        }
    }
}
