exports.greet = () => "hello from a workspace";
