namespace PacketCapture.Host.Api;

/// <summary>Access could not be decided (the Kubernetes API server did not answer): the request gets 503, never 200.</summary>
public sealed class AccessReviewUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AccessReviewUnavailableException()
    {
    }

    /// <summary>Creates the exception with its one-line message.</summary>
    public AccessReviewUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its one-line message and cause.</summary>
    public AccessReviewUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
