console.log('Kubedeck serve: not yet wired');
