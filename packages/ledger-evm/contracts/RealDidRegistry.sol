// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title RealDidRegistry
/// @notice The RealDID ledger on an EVM chain: append-only topic logs, plus Merkle-batched anchors.
/// @dev Every entry is an `Entry` event indexed by the keccak-256 of its topic; the contract keeps
/// a per-topic counter so positions are consecutive (0, 1, 2, ...) in the order the chain accepted
/// them. Entries are content-addressed by the sha-256 of their payload, computed here (the caller
/// cannot lie about it). Appending a payload that the topic already holds is a no-op that does not
/// revert: no event, no storage change. The chain orders and timestamps; it is never trusted for
/// content — readers verify payloads themselves.
///
/// Access control: when deployed `restricted`, only allow-listed submitters may append or anchor
/// (consortium chains); the owner manages the list. Otherwise anyone may submit.
contract RealDidRegistry {
    /// @notice One appended entry. `position` is its 0-based place in the topic.
    event Entry(
        bytes32 indexed topicHash,
        uint64 indexed position,
        bytes32 indexed contentHash,
        string topic,
        bytes payload
    );

    /// @notice One Merkle-batched anchor: `count` entries under `root`, the batch file at `uri`.
    event Batch(
        bytes32 indexed root,
        uint64 indexed batchNumber,
        address indexed submitter,
        uint64 count,
        string uri
    );

    /// @notice A submitter was added to (`allowed`) or removed from the allow-list.
    event SubmitterSet(address indexed submitter, bool allowed);

    /// @notice The owner changed.
    event OwnerChanged(address indexed previousOwner, address indexed newOwner);

    error NotOwner(address caller);
    error SubmitterNotAllowed(address submitter);
    error TopicInvalid(uint256 length);
    error LengthMismatch(uint256 topics, uint256 payloads);
    error BatchInvalid();
    error ZeroAddress();

    struct TopicState {
        uint64 count;
        uint64 firstBlock;
        uint64 lastBlock;
    }

    struct Totals {
        uint64 entries;
        uint64 topics;
        uint64 batches;
    }

    /// @notice Whether only allow-listed submitters may write.
    bool public immutable restricted;
    /// @notice The block this contract was deployed in: readers start scanning there.
    uint64 public immutable deployedAt;

    /// @notice Manages the allow-list.
    address public owner;
    /// @notice Counts of entries, topics and batches.
    Totals public totals;
    /// @notice Allow-listed submitters (only consulted when `restricted`).
    mapping(address => bool) public allowed;
    /// @notice Per topic hash: entry count, block of the first and of the last entry.
    mapping(bytes32 => TopicState) public topics;
    /// @dev (topicHash, contentHash) => (position + 1) | (block << 64); 0 = absent.
    mapping(bytes32 => mapping(bytes32 => uint256)) private _entries;
    /// @dev root => (batchNumber + 1) | (block << 64); 0 = never anchored.
    mapping(bytes32 => uint256) private _batches;

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    modifier onlySubmitter() {
        if (restricted && !allowed[msg.sender]) revert SubmitterNotAllowed(msg.sender);
        _;
    }

    /// @param restricted_ true to accept submissions only from allow-listed addresses
    /// @param allowList the initial allow-list (the deployer is not added implicitly)
    constructor(bool restricted_, address[] memory allowList) {
        restricted = restricted_;
        deployedAt = uint64(block.number);
        owner = msg.sender;
        emit OwnerChanged(address(0), msg.sender);
        for (uint256 i = 0; i < allowList.length; ++i) {
            allowed[allowList[i]] = true;
            emit SubmitterSet(allowList[i], true);
        }
    }

    /// @notice Appends one entry; a payload the topic already holds is a no-op.
    /// @return position the entry's position (the existing one for a duplicate)
    /// @return added false when the topic already held the payload
    function append(string calldata topic, bytes calldata payload)
        external
        onlySubmitter
        returns (uint64 position, bool added)
    {
        Totals memory t = totals;
        (position, added) = _append(topic, payload, t);
        if (added) totals = t;
    }

    /// @notice Appends several entries (possibly to different topics) in one transaction.
    function appendMany(string[] calldata topicList, bytes[] calldata payloads) external onlySubmitter {
        if (topicList.length != payloads.length) revert LengthMismatch(topicList.length, payloads.length);
        Totals memory t = totals;
        uint64 before = t.entries;
        for (uint256 i = 0; i < topicList.length; ++i) {
            _append(topicList[i], payloads[i], t);
        }
        if (t.entries != before) totals = t;
    }

    /// @notice Anchors a Merkle root over `count` entries whose batch file is at `uri`.
    /// Re-anchoring a root already anchored is a no-op.
    /// @return batchNumber the batch's number (the existing one for a duplicate)
    /// @return added false when the root was already anchored
    function anchorBatch(bytes32 root, uint64 count, string calldata uri)
        external
        onlySubmitter
        returns (uint64 batchNumber, bool added)
    {
        if (root == bytes32(0) || count == 0) revert BatchInvalid();
        uint256 seen = _batches[root];
        if (seen != 0) return (uint64(seen) - 1, false);
        Totals memory t = totals;
        batchNumber = t.batches;
        t.batches = batchNumber + 1;
        totals = t;
        _batches[root] = uint256(batchNumber + 1) | (uint256(block.number) << 64);
        emit Batch(root, batchNumber, msg.sender, count, uri);
        return (batchNumber, true);
    }

    /// @notice Where an entry is, if the topic holds it.
    function entryOf(bytes32 topicHash, bytes32 contentHash)
        external
        view
        returns (bool exists, uint64 position, uint64 blockNumber)
    {
        uint256 v = _entries[topicHash][contentHash];
        if (v == 0) return (false, 0, 0);
        return (true, uint64(v) - 1, uint64(v >> 64));
    }

    /// @notice Where a batch root was anchored, if it was.
    function batchOf(bytes32 root) external view returns (bool exists, uint64 batchNumber, uint64 blockNumber) {
        uint256 v = _batches[root];
        if (v == 0) return (false, 0, 0);
        return (true, uint64(v) - 1, uint64(v >> 64));
    }

    /// @notice Adds a submitter to, or removes one from, the allow-list.
    function setSubmitter(address submitter, bool isAllowed) external onlyOwner {
        if (submitter == address(0)) revert ZeroAddress();
        allowed[submitter] = isAllowed;
        emit SubmitterSet(submitter, isAllowed);
    }

    /// @notice Hands the allow-list over to a new owner.
    function transferOwnership(address newOwner) external onlyOwner {
        if (newOwner == address(0)) revert ZeroAddress();
        emit OwnerChanged(owner, newOwner);
        owner = newOwner;
    }

    function _append(string calldata topic, bytes calldata payload, Totals memory t)
        private
        returns (uint64 position, bool added)
    {
        uint256 len = bytes(topic).length;
        if (len == 0 || len > 200) revert TopicInvalid(len);
        bytes32 topicHash = keccak256(bytes(topic));
        bytes32 contentHash = sha256(payload);
        (position, added) = _record(topicHash, contentHash, t);
        if (added) emit Entry(topicHash, position, contentHash, topic, payload);
    }

    function _record(bytes32 topicHash, bytes32 contentHash, Totals memory t)
        private
        returns (uint64 position, bool added)
    {
        uint256 seen = _entries[topicHash][contentHash];
        if (seen != 0) return (uint64(seen) - 1, false);
        TopicState memory s = topics[topicHash];
        position = s.count;
        uint64 blk = uint64(block.number);
        if (position == 0) {
            s.firstBlock = blk;
            t.topics += 1;
        }
        s.count = position + 1;
        s.lastBlock = blk;
        topics[topicHash] = s;
        t.entries += 1;
        _entries[topicHash][contentHash] = uint256(position + 1) | (uint256(blk) << 64);
        return (position, true);
    }
}
